"""Runs `aws ...` command lines with the AWS CLI v2 of /usr/lib/python3/dist-packages, in one process.

/usr/bin/aws is a four-line script around awscli.clidriver.main(); calling that same entry point in
one interpreter runs exactly the CLI's own parsing, validation and request code, without paying the
interpreter's start-up for every line. Input: one JSON string per line (the command as a person
types it). The line is expanded the way the shell would for what the reports use (environment
variables, single and double quotes), then run. Output: one JSON object per line with the argument
list, the exit code, and what the CLI wrote to stdout and stderr.
"""
import contextlib
import io
import json
import os
import shlex
import sys

import awscli
from awscli.clidriver import create_clidriver

if not awscli.__version__.startswith("2."):
    raise SystemExit(f"awscli {awscli.__version__} from {awscli.__file__} is not v2")

print(json.dumps({"awscli": awscli.__version__, "file": awscli.__file__}), flush=True)
for raw in sys.stdin:
    line = json.loads(raw)
    args = shlex.split(os.path.expandvars(line))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = create_clidriver().main(args[1:])
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 255
    print(
        json.dumps(
            {"line": line, "args": args, "code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}
        ),
        flush=True,
    )
