#!/usr/bin/env python3
"""Runs the README's token-fetching examples ("Fetching a token from another service") against a
running wxopen: each prints a token, then the one wxopen hands out after that token is sent back
as rejected (40001). An example whose language is not installed is reported and skipped; one
that fails, prints something else, or gets the same token twice fails the run.

    WXOPEN_URL=http://127.0.0.1:8080 WXOPEN_API_KEY=… python3 readme_clients.py APPID
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

SECTION = "### Fetching a token from another service"
# language tag → file name, command (the file is in the working directory).
RUNNERS = {
    "python": ("token.py", [sys.executable, "token.py"]),
    "js": ("token.mjs", ["node", "token.mjs"]),
    "java": ("Token.java", ["java", "Token.java"]),
    "php": ("token.php", ["php", "token.php"]),
    "go": ("token.go", ["go", "run", "token.go"]),
}


def examples(readme):
    text = open(readme, encoding="utf-8").read()
    start = text.index(SECTION)
    end = text.find("\n## ", start)
    section = text[start:end if end > 0 else len(text)]
    return re.findall(r"^```(\w+)\n(.*?)^```$", section, flags=re.M | re.S)


def main():
    appid = sys.argv[1]
    readme = os.path.join(os.path.dirname(__file__), "..", "..", "README.md")
    found = examples(readme)
    languages = [language for language, _ in found]
    if sorted(languages) != sorted(RUNNERS):
        sys.exit("readme clients: expected one example each of %s, found %s" % (sorted(RUNNERS), languages))
    ran, failed = 0, 0
    for language, code in found:
        name, command = RUNNERS[language]
        if shutil.which(command[0]) is None:
            print("readme clients: %s not installed, %s example not run" % (command[0], language))
            continue
        with tempfile.TemporaryDirectory() as directory:
            with open(os.path.join(directory, name), "w", encoding="utf-8") as file:
                file.write(code)
            result = subprocess.run(command + [appid], cwd=directory, capture_output=True, text=True, timeout=180)
        lines = result.stdout.split()
        ok = result.returncode == 0 and len(lines) == 2 and lines[0] != lines[1] and all(len(line) > 20 for line in lines)
        ran += 1
        if ok:
            print("readme clients: %s ok" % language)
        else:
            failed += 1
            print("readme clients: %s FAILED (exit %d)\n%s\n%s" % (language, result.returncode, result.stdout, result.stderr[-2000:]))
    print("readme clients: %d passed, %d failed" % (ran - failed, failed))
    return 1 if failed or ran == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
