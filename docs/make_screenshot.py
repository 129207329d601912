"""Regenerate docs/playground.png, the README's picture of the playground: a real `coachbot run` driven in
headless Chromium through a short scene (a refusal coached, a reminder after fast-forward, a practice review).

Run: .venv/bin/python docs/make_screenshot.py   (needs Debian's chromium and chromium-driver)
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

from tests.integration.browser import chromium  # noqa: E402
from tests.integration.processes import BotProcess  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        bot = BotProcess(None, {"COACHBOT_DATABASE_URL": f"sqlite:///{scratch}/pg.db"}, Path(scratch) / "bot.log",
                         platform="playground")
        try:
            bot.wait_ready()
            with chromium(1440, 1000) as driver:
                driver.get(bot.url)
                time.sleep(1.5)

                def write(person: str, text: str) -> None:
                    Select(driver.find_element(By.ID, "author")).select_by_value(person)
                    driver.find_element(By.ID, "text").send_keys(text, Keys.ENTER)
                    time.sleep(0.8)

                write("cy", "Can I get a refund on my annual plan? I only used it for a week.")
                driver.find_element(By.CSS_SELECTOR, "#support li.post button[data-tool=thread]").click()
                write("ana", "We don't offer refunds on annual plans.")
                driver.find_element(By.ID, "text").send_keys(Keys.ESCAPE)
                write("dee", "The dashboard will not load for our whole team, this is the second time this week!")
                driver.find_element(By.ID, "plus10").click()
                time.sleep(1)
                Select(driver.find_element(By.ID, "viewer")).select_by_value("ana")
                Select(driver.find_element(By.ID, "scenario")).select_by_value("cannot")
                driver.find_element(By.ID, "practice-reply").send_keys("No, dark mode isn't available.", Keys.CONTROL, Keys.ENTER)
                time.sleep(1.5)
                out = REPO / "docs" / "playground.png"
                driver.save_screenshot(str(out))
                print(f"wrote {out}")
        finally:
            bot.stop()


if __name__ == "__main__":
    main()
