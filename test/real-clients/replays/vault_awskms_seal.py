#!/usr/bin/python3
"""Replay of the Vault awskms seal (issue #10): hashicorp/go-kms-wrapping wrappers/awskms/awskms.go
at commit 06b9686988362b4de69a76c2f98fbd0d90bcc46c (go-kms-wrapping v2, 2026), the wrapper Vault's
`seal "awskms"` stanza uses.
  SetConfig  DescribeKey(KeyId = kms_key_id as configured, here an alias); the key ARN becomes the
             wrapper's current key id
  Encrypt    envelope: a fresh 32-byte key and 12-byte IV encrypt the plaintext locally with
             AES-256-GCM, then Encrypt(KeyId = configured id, Plaintext = that key); the response
             KeyId is stored with the blob and the CiphertextBlob is the wrapped key
  Decrypt    Decrypt(CiphertextBlob = wrapped key) with no KeyId and no context, then AES-GCM
             decryption of the stored ciphertext with the returned key
Vault calls Encrypt on the root key at init and Decrypt at every unseal; the replay seals once and
unseals twice: at once, and from a second wrapper instance (a restarted Vault) after the AWS_KMS
key's automatic rotation has happened (EnableKeyRotation, then a year of virtual time).
Usage: vault_awskms_seal.py <endpoint> <kmsuser-password> <trust-anchor-pem-file>
"""
import os
import sys

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from replay_support import Replay, expect, run


class AwsKmsWrapper:
    def __init__(self, replay, key_id):
        self.r = replay
        self.key_id = key_id
        described = replay.call("DescribeKey", KeyId=key_id)["KeyMetadata"]
        expect(described.get("KeyId"), "DescribeKey returned no key information")
        self.current_key_id = described["Arn"]

    def encrypt(self, plaintext):
        key, iv = os.urandom(32), os.urandom(12)
        ciphertext = AESGCM(key).encrypt(iv, plaintext, None)
        out = self.r.call("Encrypt", KeyId=self.key_id, Plaintext=key)
        self.current_key_id = out["KeyId"]
        return {"ciphertext": ciphertext, "iv": iv, "key_id": out["KeyId"], "wrapped_key": out["CiphertextBlob"]}

    def decrypt(self, blob):
        key = self.r.call("Decrypt", CiphertextBlob=blob["wrapped_key"])["Plaintext"]
        return AESGCM(key).decrypt(blob["iv"], blob["ciphertext"], None)


def main():
    password, pem_file = sys.argv[2:4]
    with open(pem_file, encoding="utf-8") as handle:
        pem = handle.read()
    replay = Replay("hashicorp/go-kms-wrapping wrappers/awskms (commit 06b96869, v2)")
    _, store_id = replay.connected_cloudhsm_store(password, pem, "vault-seal-store")
    results = {}
    for label, params in (("aws-kms", {}), ("cloudhsm", {"Origin": "AWS_CLOUDHSM", "CustomKeyStoreId": store_id})):
        key = replay.call("CreateKey", Description=f"vault seal ({label})", **params)["KeyMetadata"]
        replay.sim.advance(1)
        alias = f"alias/vault-seal-{label}"
        replay.call("CreateAlias", AliasName=alias, TargetKeyId=key["KeyId"])
        replay.sim.advance(1)
        wrapper = AwsKmsWrapper(replay, alias)
        expect(wrapper.current_key_id == key["Arn"], "DescribeKey did not give the key ARN")
        root_key = os.urandom(32)
        sealed = wrapper.encrypt(root_key)
        expect(sealed["key_id"] == key["Arn"], f"Encrypt KeyId {sealed['key_id']}")
        expect(wrapper.decrypt(sealed) == root_key, "unseal did not return the root key")
        if label == "aws-kms":
            replay.call("EnableKeyRotation", KeyId=key["KeyId"])
            replay.sim.advance(366 * 24 * 3600)
            status = replay.call("GetKeyRotationStatus", KeyId=key["KeyId"])
            expect(status["KeyRotationEnabled"], "rotation not enabled")
        restarted = AwsKmsWrapper(replay, alias)
        expect(restarted.decrypt(sealed) == root_key, "unseal after restart did not return the root key")
        resealed = restarted.encrypt(root_key)
        expect(restarted.decrypt(resealed) == root_key, "re-seal after restart")
        results[label] = key["Arn"]
    return results


if __name__ == "__main__":
    run(main)
