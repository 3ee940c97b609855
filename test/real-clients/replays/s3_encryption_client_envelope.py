#!/usr/bin/python3
"""Replay of an S3 Encryption Client (v2 format, kms+context) envelope flow (issue #10), read from
aws/aws-sdk-go service/s3/s3crypto/kms_context_key_handler.go at commit
837f6b236a17ed992c92816e0427985d87e0efbe:
  put  GenerateDataKey(KeyId = CMK id, KeySpec = AES_256, EncryptionContext = the material
       description plus "aws:x-amz-cek-alg": "AES/GCM/NoPadding"); the object body is encrypted
       locally with AES-256-GCM (12-byte IV, 128-bit tag appended) under the plaintext data key;
       the CiphertextBlob, IV and material description go into the object's metadata
       (x-amz-key-v2, x-amz-iv, x-amz-matdesc, x-amz-wrap-alg kms+context, x-amz-cek-alg)
  get  Decrypt(KeyId = CMK id, EncryptionContext = the stored material description,
       CiphertextBlob = x-amz-key-v2, GrantTokens = []), then AES-GCM decryption of the body
The "object store" here is a dictionary; only KMS is the system under test.
Usage: s3_encryption_client_envelope.py <endpoint> <kmsuser-password> <trust-anchor-pem-file>
"""
import base64
import json
import os
import sys

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from replay_support import Replay, expect, run

CEK_ALG = "AES/GCM/NoPadding"


def put_object(replay, cmk_id, body, matdesc):
    context = dict(matdesc)
    context["aws:x-amz-cek-alg"] = CEK_ALG
    out = replay.call("GenerateDataKey", KeyId=cmk_id, KeySpec="AES_256", EncryptionContext=context)
    iv = os.urandom(12)
    return {
        "body": AESGCM(out["Plaintext"]).encrypt(iv, body, None),
        "metadata": {
            "x-amz-key-v2": base64.b64encode(out["CiphertextBlob"]).decode(),
            "x-amz-iv": base64.b64encode(iv).decode(),
            "x-amz-matdesc": json.dumps(context),
            "x-amz-wrap-alg": "kms+context",
            "x-amz-cek-alg": CEK_ALG,
            "x-amz-tag-len": "128",
        },
    }


def get_object(replay, cmk_id, stored):
    meta = stored["metadata"]
    matdesc = json.loads(meta["x-amz-matdesc"])
    expect(matdesc.get("aws:x-amz-cek-alg") == meta["x-amz-cek-alg"], "cek algorithm mismatch")
    key = replay.call("Decrypt", KeyId=cmk_id, EncryptionContext=matdesc,
                      CiphertextBlob=base64.b64decode(meta["x-amz-key-v2"]), GrantTokens=[])["Plaintext"]
    return AESGCM(key).decrypt(base64.b64decode(meta["x-amz-iv"]), stored["body"], None)


def main():
    password, pem_file = sys.argv[2:4]
    with open(pem_file, encoding="utf-8") as handle:
        pem = handle.read()
    replay = Replay("aws-sdk-go s3crypto kms_context_key_handler.go (commit 837f6b23)")
    _, store_id = replay.connected_cloudhsm_store(password, pem, "s3ec-store")
    bucket = {}
    for label, params in (("aws-kms", {}), ("cloudhsm", {"Origin": "AWS_CLOUDHSM", "CustomKeyStoreId": store_id})):
        cmk = replay.call("CreateKey", Description=f"s3ec {label}", **params)["KeyMetadata"]["KeyId"]
        replay.sim.advance(1)
        body = f"object body for {label} ".encode() * 100
        bucket[label] = put_object(replay, cmk, body, {"bucket": "replay", "key": f"{label}.txt"})
        expect(get_object(replay, cmk, bucket[label]) == body, f"{label}: body did not round-trip")
        # A tampered material description is refused by KMS (the context is authenticated).
        tampered = dict(bucket[label])
        tampered["metadata"] = dict(tampered["metadata"])
        tampered["metadata"]["x-amz-matdesc"] = json.dumps({"bucket": "other", "aws:x-amz-cek-alg": CEK_ALG})
        try:
            get_object(replay, cmk, tampered)
        except Exception as error:  # noqa: BLE001 - any refusal will do; the code is checked below
            expect("InvalidCiphertextException" in str(error), f"tampered matdesc: {error}")
        else:
            raise AssertionError("a tampered material description decrypted")
    return {"objects": sorted(bucket)}


if __name__ == "__main__":
    run(main)
