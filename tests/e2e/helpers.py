"""Steps several browser journeys share."""


def log_out(page):
    """Log out through the user menu, opening the collapsed navigation first on a narrow screen."""
    toggler = page.locator("header .navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    page.locator("header .dropdown-toggle").click()
    page.locator("form[action='/accounts/logout/'] button").click()
    page.wait_for_load_state()
