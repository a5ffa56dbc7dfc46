# Vietnamese administrative style: 30/03/2023 and 08:00 30/03/2023.
DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "H:i d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
MONTH_DAY_FORMAT = "d/m"
YEAR_MONTH_FORMAT = "m/Y"
# What a date field accepts: day first, with slashes (as written), hyphens or dots (what a phone's number pad offers),
# and the ISO form; times in 24 hours, as 14:30, 14.30 or 14h30. The English interface accepts the same
# (formats/en), so a date never turns into its month-first reading.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M", "%Hh%M"]
DATETIME_INPUT_FORMATS = [
    *(f"{day} {time}" for day in DATE_INPUT_FORMATS for time in TIME_INPUT_FORMATS),
    "%Y-%m-%dT%H:%M",
]
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
