"""A small boto3 application under test: it seals a record every 10 seconds for 10 minutes.

Run it against kmsim with its clock in step with virtual time:

    npx kmsim exec examples/python/all-hsms-lost.yaml --time-scale 60 -- /usr/bin/python3 examples/python/app.py

kmsim exec puts the endpoint in KMSIM_ENDPOINT_URL (boto3 1.26 does not read AWS_ENDPOINT_URL),
the credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, and the key's ARN in
KMSIM_KEY_APP_KEY. Nothing else here knows about kmsim: time.sleep() and botocore's back-offs run
on the process's clock, which libfaketime makes run 60 times faster.

boto3's standard retry mode retries throttling, 5xx and connection errors, but not
KMSInvalidStateException: a key store whose cluster has no HSM answers that, and it can last
minutes. So the application retries it itself, slowly, and exits non-zero if it gives up or if
any ciphertext it kept no longer decrypts.
"""
import os
import sys
import time

import boto3
import botocore.config
from botocore.exceptions import ClientError

RUN_SECONDS = 600
EVERY_SECONDS = 10
APP_RETRY_SECONDS = 15
APP_RETRY_LIMIT = 40


def main() -> int:
    kms = boto3.client(
        "kms",
        endpoint_url=os.environ["KMSIM_ENDPOINT_URL"],
        config=botocore.config.Config(retries={"mode": "standard", "max_attempts": 5}),
    )
    key = os.environ["KMSIM_KEY_APP_KEY"]
    sealed = []
    app_retries = 0
    started = time.time()
    record = 0
    while time.time() - started < RUN_SECONDS:
        plaintext = b"record %d" % record
        for attempt in range(APP_RETRY_LIMIT):
            try:
                out = kms.encrypt(KeyId=key, Plaintext=plaintext)
                sealed.append((out["CiphertextBlob"], plaintext))
                break
            except ClientError as error:
                if error.response["Error"]["Code"] != "KMSInvalidStateException":
                    raise
                app_retries += 1
                print(f"record {record}: KMSInvalidStateException, retrying in {APP_RETRY_SECONDS}s", flush=True)
                time.sleep(APP_RETRY_SECONDS)
        else:
            print(f"record {record}: gave up after {APP_RETRY_LIMIT} tries", flush=True)
            return 2
        record += 1
        time.sleep(EVERY_SECONDS)
    lost = 0
    for blob, plaintext in sealed:
        if kms.decrypt(CiphertextBlob=blob)["Plaintext"] != plaintext:
            lost += 1
    print(f"sealed {len(sealed)} records, {app_retries} application retries, {lost} lost", flush=True)
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
