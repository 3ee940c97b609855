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
any ciphertext it kept no longer decrypts. The code below is the README's "Testing a client in any
language" example, verbatim (test/examples/readme-example.test.ts checks it).
"""
import os, sys, time
import boto3, botocore.config
from botocore.exceptions import ClientError

kms = boto3.client("kms", endpoint_url=os.environ["KMSIM_ENDPOINT_URL"],
                   config=botocore.config.Config(retries={"mode": "standard", "max_attempts": 5}))
key = os.environ["KMSIM_KEY_APP_KEY"]
sealed, started, record = [], time.time(), 0
while time.time() - started < 600:            # ten minutes, by the process's own clock
    plaintext = b"record %d" % record
    for _ in range(40):                        # the SDK does not retry KMSInvalidStateException:
        try:                                   # the application does, slowly
            sealed.append((kms.encrypt(KeyId=key, Plaintext=plaintext)["CiphertextBlob"], plaintext))
            break
        except ClientError as error:
            if error.response["Error"]["Code"] != "KMSInvalidStateException":
                raise
            time.sleep(15)
    else:
        sys.exit(2)
    record += 1
    time.sleep(10)
lost = sum(kms.decrypt(CiphertextBlob=blob)["Plaintext"] != text for blob, text in sealed)
print(f"sealed {len(sealed)} records, {lost} lost")
sys.exit(1 if lost else 0)
