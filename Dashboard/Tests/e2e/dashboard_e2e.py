#!/usr/bin/env python3
"""End-to-end test of the dashboard, as a person uses it: start a campaign and the dashboard, open the page
in headless Chromium (Debian's chromium and chromium-driver, driven by Selenium), see a new trial arrive
without reloading, submit the form with a bad value (the field shows its error) and a good one (the result
shows, and manual-trials.csv gets the row). Run from the project root after `make build dashboard-build`:

    /usr/bin/python3 Dashboard/Tests/e2e/dashboard_e2e.py [--screenshots DIR]

Every process it starts, it stops.
"""
import argparse, csv, os, re, signal, socket, subprocess, sys, tempfile, time, urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait


def bin_path(package_dir):
    out = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=package_dir,
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, seconds, what):
    end = time.time() + seconds
    while time.time() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out after %ds waiting for %s" % (seconds, what))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--screenshots", help="a folder for screenshots of the page")
    args = parser.parse_args()
    satune = os.path.join(bin_path("."), "satune")
    dashboard = os.path.join(bin_path("Dashboard"), "satune-dashboard")
    work = tempfile.mkdtemp(prefix="satune-e2e-")
    results = os.path.join(work, "r")
    manifest = os.path.join(work, "m.yaml")
    with open(manifest, "w") as f:
        f.write("name: e2e\nseeds: 2\nbudget: 150\noutput: %s\n"
                "environments: [{type: simulator, name: sim, workload: oltp-write, knobs: 8}]\n"
                "agents: [{type: bayesian}, {type: sample-aware-ddpg}]\n" % results)
    processes = []
    driver = None
    try:
        run = subprocess.Popen([satune, "run", manifest, "--jobs", "1"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
        processes.append(run)
        trials = os.path.join(results, "trials.csv")
        wait_for(lambda: os.path.exists(trials) and os.path.getsize(trials) > 0, 60, "the campaign's first trial")
        port = free_port()
        server = subprocess.Popen([dashboard, results, "--port", str(port), "--satune", satune], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, start_new_session=True)
        processes.append(server)
        url = "http://127.0.0.1:%d/" % port

        def up():
            try:
                return urllib.request.urlopen(url, timeout=1).status == 200
            except OSError:
                return False
        wait_for(up, 30, "the dashboard at " + url)

        options = Options()
        for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1300,1000"]:
            options.add_argument(a)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        driver.get(url)
        origin = driver.execute_script("return performance.timeOrigin")

        def trials_shown():
            m = re.search(r"(\d+) of \d+ trials", driver.find_element(By.ID, "overall-text").text)
            return int(m.group(1)) if m else None
        first = wait_for(trials_shown, 20, "the progress line")
        wait_for(lambda: "live" in driver.find_element(By.ID, "status-text").text, 20, "the live status")
        later = wait_for(lambda: (trials_shown() or 0) > first and trials_shown(), 60, "a new trial on the page")
        assert driver.execute_script("return performance.timeOrigin") == origin, "the page reloaded"
        print("live: %d trials when opened, %d later, without reloading" % (first, later))
        if args.screenshots:
            os.makedirs(args.screenshots, exist_ok=True)
            driver.save_screenshot(os.path.join(args.screenshots, "dashboard-top.png"))

        # A bad value: the field says what is wrong, nothing is recorded.
        Select(driver.find_element(By.ID, "try-env")).select_by_visible_text("sim")
        field = wait_for(lambda: driver.find_elements(By.ID, "knob-shared_buffers"), 10, "the knob fields")[0]
        field.clear()
        field.send_keys("lots")
        driver.find_element(By.ID, "try-submit").click()
        error = wait_for(lambda: driver.find_element(By.ID, "error-shared_buffers").text, 20, "the field's error")
        assert "lots" in error, error
        assert "bad" in field.get_attribute("class")
        manual = os.path.join(results, "manual-trials.csv")
        assert not os.path.exists(manual), "a refused trial was recorded"
        print("bad value: %s" % error)

        # A good value: the result shows next to the default and the best, and is recorded apart.
        field.clear()
        field.send_keys("4GB")
        driver.find_element(By.ID, "try-submit").click()
        wait_for(lambda: "this configuration" in driver.find_element(By.ID, "try-result").text, 30, "the result")
        rows = list(csv.DictReader(open(manual, newline="")))
        assert len(rows) == 1 and rows[0]["agent"] == "manual" and rows[0]["knob.shared_buffers"] == "524288", rows
        print("good value: %s" % driver.find_element(By.ID, "try-result").text.splitlines()[0])
        if args.screenshots:
            section = driver.find_element(By.ID, "try")
            driver.execute_script("arguments[0].scrollIntoView()", section)
            section.screenshot(os.path.join(args.screenshots, "dashboard-try.png"))
            for name in ["convergence", "latest", "decisions"]:
                element = driver.find_element(By.ID, name)
                driver.execute_script("arguments[0].scrollIntoView()", element)
                element.screenshot(os.path.join(args.screenshots, "dashboard-%s.png" % name))
        # Stopping: the dashboard ends within seconds of SIGTERM, even with the page's event stream open.
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            raise AssertionError("the dashboard was still running 5 s after SIGTERM")
        print("stopped: the dashboard exited on SIGTERM with the page still open")
        print("PASS dashboard end to end")
    finally:
        if driver:
            driver.quit()
        for p in processes:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in processes:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    sys.exit(main())
