#!/usr/bin/python3
"""Replay of SOPS with AWS KMS master keys (issue #10): getsops/sops kms/keysource.go at v3.13.2
(commit 15e36f97a8641769712da76b64aec4ea566be81e).
  encrypt  for each master key: Encrypt(KeyId = the key or alias ARN as configured,
           Plaintext = the 32-byte SOPS data key, EncryptionContext = the configured context); the
           CiphertextBlob is stored base64-encoded as `enc` in the file's sops metadata
  decrypt  for a master key: Decrypt(KeyId = the same ARN, CiphertextBlob, EncryptionContext)
Values in the file are encrypted locally with the data key (AES-256-GCM, the value's path as
additional data). The replay uses two master keys, one in a CloudHSM key store and one AWS_KMS key
named by its alias ARN, and decrypts with each.
Usage: sops_kms.py <endpoint> <kmsuser-password> <trust-anchor-pem-file>
"""
import base64
import os
import sys

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from replay_support import Replay, expect, run

CONTEXT = {"app": "billing", "env": "prod"}
DOCUMENT = {"db_password": b"s3cret", "api_key": b"key-123"}


def main():
    password, pem_file = sys.argv[2:4]
    with open(pem_file, encoding="utf-8") as handle:
        pem = handle.read()
    replay = Replay("getsops/sops kms/keysource.go v3.13.2")
    _, store_id = replay.connected_cloudhsm_store(password, pem, "sops-store")
    hsm_key = replay.call("CreateKey", Origin="AWS_CLOUDHSM", CustomKeyStoreId=store_id,
                          Description="sops master key")["KeyMetadata"]
    replay.sim.advance(1)
    kms_key = replay.call("CreateKey", Description="sops second master key")["KeyMetadata"]
    replay.sim.advance(1)
    replay.call("CreateAlias", AliasName="alias/sops", TargetKeyId=kms_key["KeyId"])
    master_arns = [hsm_key["Arn"], f"arn:aws:kms:us-east-1:{kms_key['AWSAccountId']}:alias/sops"]

    # sops --encrypt: one data key, wrapped by every master key.
    data_key = os.urandom(32)
    encrypted_values = {}
    for path, value in DOCUMENT.items():
        nonce = os.urandom(12)
        encrypted_values[path] = (nonce, AESGCM(data_key).encrypt(nonce, value, path.encode()))
    metadata = []
    for arn in master_arns:
        out = replay.call("Encrypt", KeyId=arn, Plaintext=data_key, EncryptionContext=CONTEXT)
        metadata.append({"arn": arn, "enc": base64.b64encode(out["CiphertextBlob"]).decode(), "context": CONTEXT})

    # sops --decrypt, once through each master key.
    for entry in metadata:
        recovered = replay.call("Decrypt", KeyId=entry["arn"], CiphertextBlob=base64.b64decode(entry["enc"]),
                                EncryptionContext=entry["context"])["Plaintext"]
        expect(recovered == data_key, f"data key through {entry['arn']}")
        for path, (nonce, ciphertext) in encrypted_values.items():
            expect(AESGCM(recovered).decrypt(nonce, ciphertext, path.encode()) == DOCUMENT[path], path)
    # The wrong context does not decrypt (the file's context is authenticated).
    replay.call_expecting("Decrypt", "InvalidCiphertextException", KeyId=metadata[0]["arn"],
                          CiphertextBlob=base64.b64decode(metadata[0]["enc"]), EncryptionContext={"app": "other"})
    return {"masterKeys": master_arns}


if __name__ == "__main__":
    run(main)
