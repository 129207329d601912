"""The playground page in a real headless Chromium, against a real `coachbot run --platform playground`:
what a newcomer does in the first minute, done with the page's own controls."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.integration.browser import chromium, require_browser
from tests.integration.processes import BotProcess

WAIT = 15


@pytest.fixture
def playground(tmp_path: Path) -> Iterator[str]:
    require_browser()
    bot = BotProcess(None, {"COACHBOT_DATABASE_URL": f"sqlite:///{tmp_path}/playground.db"}, tmp_path / "bot.log",
                     platform="playground")
    try:
        bot.wait_ready()
        yield bot.url
    finally:
        bot.stop()


class Page:
    """The playground page as a person uses it: choose who writes, type, press Enter, read the panes."""

    def __init__(self, driver: WebDriver, url: str) -> None:
        self.driver = driver
        self.wait = WebDriverWait(driver, WAIT, ignored_exceptions=[StaleElementReferenceException])
        driver.get(url)
        self.wait.until(lambda d: len(self.options("author")) > 3)

    def options(self, select: str) -> list[str]:
        return [str(o.get_attribute("value")) for o in self.driver.find_elements(By.CSS_SELECTOR, f"#{select} option")]

    def choose(self, select: str, person: str) -> None:
        Select(self.driver.find_element(By.ID, select)).select_by_value(person)

    def write(self, person: str, text: str) -> None:
        self.choose("author", person)
        box = self.driver.find_element(By.ID, "text")
        box.send_keys(text, Keys.ENTER)
        self.wait.until(lambda d: any(text in body for body in self.texts("support")))

    def texts(self, pane: str, kind: str = "") -> list[str]:
        """The bodies shown in a pane, read in one go (the page redraws lists when they change)."""
        found = self.driver.execute_script(
            "return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent)",
            f"#{pane} li.post{kind} .body")
        return [str(text) for text in found]

    def reply_in_thread_to(self, text: str) -> None:
        def click(driver: WebDriver) -> bool:
            post = next(e for e in driver.find_elements(By.CSS_SELECTOR, "#support li.post")
                        if text in e.find_element(By.CSS_SELECTOR, ".body").text)
            post.find_element(By.CSS_SELECTOR, "button[data-tool=thread]").click()
            return True
        self.wait.until(click)
        self.wait.until(lambda d: d.find_element(By.ID, "replying").is_displayed())

    def leave_thread(self) -> None:
        """Escape in the message box stops replying in the thread, as the × button does."""
        self.driver.find_element(By.ID, "text").send_keys(Keys.ESCAPE)
        self.wait.until(lambda d: not d.find_element(By.ID, "replying").is_displayed())

    def show_private(self, person: str) -> list[str]:
        """Switch the private pane to `person` and return what it shows once it has rendered for them."""
        self.choose("viewer", person)
        self.wait.until(lambda d: d.find_element(By.ID, "private").get_attribute("data-person") == person)
        return self.texts("private")

    def until(self, condition: Callable[[], bool], what: str) -> None:
        """Wait for `condition`; on timeout, fail with what every pane showed."""
        try:
            self.wait.until(lambda _driver: condition())
        except TimeoutException:
            panes = {pane: self.texts(pane) for pane in ("support", "private", "team")}
            status = self.driver.find_element(By.ID, "status").text
            raise AssertionError(f"waited {WAIT}s for {what}; status {status!r}; the page showed {panes}") from None

    def click(self, element_id: str) -> None:
        self.driver.find_element(By.ID, element_id).click()


def test_a_newcomer_sees_private_coaching_and_a_fast_forwarded_reminder(playground: str) -> None:
    with chromium() as driver:
        page = Page(driver, playground)
        page.write("cy", "Can I get a refund on my annual plan?")
        page.reply_in_thread_to("refund on my annual plan")
        page.write("ana", "We don't offer refunds, sorry.")

        page.show_private("ana")
        page.until(lambda: any("Create options" in t for t in page.texts("private", ".nudge")), "ana's nudge")
        assert page.show_private("cy") == [], "the customer must never see the agent's coaching"
        assert not any("Create options" in t for t in page.texts("support"))

        page.leave_thread()
        page.write("dee", "The dashboard will not load for our team")
        page.click("plus10")
        page.until(lambda: any("#2" in t for t in page.texts("team", ".reminder")), "a reminder for #2 in #team")
        reminders = page.texts("team", ".reminder")
        assert not any("#1" in t for t in reminders), "the answered ticket gets no reminder"

        page.choose("scenario", "cannot")
        reply = driver.find_element(By.ID, "practice-reply")
        reply.send_keys("Sorry, dark mode is not available.", Keys.CONTROL, Keys.ENTER)
        page.until(lambda: "A better version" in driver.find_element(By.ID, "practice-result").text, "practice coaching")
        assert "high-contrast theme" in driver.find_element(By.CSS_SELECTOR, "#practice-result blockquote").text
