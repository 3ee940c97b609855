"""boto3 in adaptive retry mode against a key store whose quota is nearly used up by others.

    npx kmsim exec examples/python/store-throttling.yaml --time-scale 60 -- /usr/bin/python3 examples/python/adaptive.py

Adaptive mode is standard mode plus a client-side rate limiter: after a ThrottlingException it
sends more slowly, instead of retrying at full speed. Four threads share one client, seal 10
records each as fast as the client lets them, then check that every ciphertext decrypts.
"""
import os
import sys
import threading

import boto3
import botocore.config

THREADS = 4
RECORDS_PER_THREAD = 10


def main() -> int:
    kms = boto3.client(
        "kms",
        endpoint_url=os.environ["KMSIM_ENDPOINT_URL"],
        config=botocore.config.Config(retries={"mode": "adaptive", "max_attempts": 10}),
    )
    key = os.environ["KMSIM_KEY_APP_KEY"]
    sealed = []
    failures = []
    lock = threading.Lock()

    def work(thread: int) -> None:
        for record in range(RECORDS_PER_THREAD):
            plaintext = b"thread %d record %d" % (thread, record)
            try:
                blob = kms.encrypt(KeyId=key, Plaintext=plaintext)["CiphertextBlob"]
                with lock:
                    sealed.append((blob, plaintext))
            except Exception as error:  # what reached the application, after boto3's retries
                with lock:
                    failures.append(repr(error))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lost = sum(1 for blob, plaintext in sealed if kms.decrypt(CiphertextBlob=blob)["Plaintext"] != plaintext)
    print(f"sealed {len(sealed)} records, {len(failures)} failed calls, {lost} lost", flush=True)
    for failure in failures[:3]:
        print(f"failed: {failure}", flush=True)
    return 1 if failures or lost else 0


if __name__ == "__main__":
    sys.exit(main())
