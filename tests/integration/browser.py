"""Headless Debian Chromium driven by selenium through the system chromedriver, for tests of the playground page.

Chromium is a system package (`chromium`, `chromium-driver`), not a pip one: where it is missing the browser
tests skip, unless COACHBOT_REQUIRE_BROWSER=1 (set by CI), which turns the skip into a failure."""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = os.environ.get("COACHBOT_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("COACHBOT_CHROMEDRIVER", "/usr/bin/chromedriver")
#: As the machine notes say: no sandbox as root, and no background traffic to a network that is closed.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage")


def browser_available() -> bool:
    return os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)


def require_browser() -> None:
    """Skip without Chromium, or fail when CI said a browser must be there."""
    if browser_available():
        return
    message = f"Debian chromium and chromium-driver are not installed ({CHROMIUM}, {CHROMEDRIVER})"
    if os.environ.get("COACHBOT_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def chromium(width: int = 1400, height: int = 1000) -> Iterator[webdriver.Chrome]:
    """A headless Chromium with a fresh profile, closed and removed afterwards."""
    profile = tempfile.mkdtemp(prefix="coachbot-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
