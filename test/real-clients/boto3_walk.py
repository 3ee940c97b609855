#!/usr/bin/python3
"""The boto3 real-client walk against `kmsim serve` (issue #2 section 8), run by boto3.test.ts.

Usage: /usr/bin/python3 boto3_walk.py <endpoint-url> <kmsuser-password> <trust-anchor-pem-file>

Prints one JSON object per line on stdout describing each step. Steps that happen outside the
AWS APIs (moving virtual time, activating the cluster, reading the world) are asked of the driver:
the script prints {"event": "control", "request": {...}} and reads the JSON reply from one stdin
line, so the test process does every /_sim/ call itself.

boto3 is used exactly as an application would, with an endpoint_url override and fake static
credentials. The walk's clients never retry (total_max_attempts 1) so a simulator fault cannot
hide behind a retry; the expected failure uses a client with the standard retry mode's default
attempts, to show that KMSInvalidStateException is answered once and not retried (docs/behaviour.md §1.6).
"""
import json
import sys

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import ClientError

PLAINTEXT = b"kmsim walk: hello from boto3"
CONTEXT = {"purpose": "walk", "client": "boto3"}


def emit(event, **fields):
    print(json.dumps(dict(event=event, **fields), sort_keys=True), flush=True)


def control(**request):
    emit("control", request=request)
    line = sys.stdin.readline()
    if not line:
        raise SystemExit("driver closed stdin before answering a control request")
    return json.loads(line)


def call(client, operation, **params):
    """Calls one operation and reports it; the caller picks the fields worth printing."""
    method = getattr(client, botocore.xform_name(operation))
    response = method(**params)
    response.pop("ResponseMetadata", None)
    return response


def describe_state(kms, store_id):
    stores = call(kms, "DescribeCustomKeyStores", CustomKeyStoreId=store_id)["CustomKeyStores"]
    state = stores[0]["ConnectionState"]
    emit("call", operation="DescribeCustomKeyStores", ConnectionState=state)
    return state


def connect(kms, store_id):
    response = call(kms, "ConnectCustomKeyStore", CustomKeyStoreId=store_id)
    emit("call", operation="ConnectCustomKeyStore", response=response)
    describe_state(kms, store_id)
    control(op="advance", seconds=120)
    describe_state(kms, store_id)


def round_trip(kms, key_arn, label):
    encrypted = call(kms, "Encrypt", KeyId=key_arn, Plaintext=PLAINTEXT, EncryptionContext=CONTEXT)
    blob = encrypted["CiphertextBlob"]
    emit("call", operation="Encrypt", label=label, KeyId=encrypted["KeyId"], ciphertextBytes=len(blob),
         EncryptionAlgorithm=encrypted["EncryptionAlgorithm"])
    decrypted = call(kms, "Decrypt", CiphertextBlob=blob, EncryptionContext=CONTEXT)
    emit("call", operation="Decrypt", label=label, KeyId=decrypted["KeyId"],
         plaintext=decrypted["Plaintext"].decode("utf-8"))


def expect_unavailable(kms_default_retries, key_arn):
    try:
        kms_default_retries.encrypt(KeyId=key_arn, Plaintext=PLAINTEXT)
    except ClientError as error:
        metadata = error.response.get("ResponseMetadata", {})
        emit("error", operation=error.operation_name, code=error.response["Error"]["Code"],
             message=error.response["Error"]["Message"], text=str(error),
             httpStatus=metadata.get("HTTPStatusCode"), retryAttempts=metadata.get("RetryAttempts"))
        return
    emit("unexpected-success", operation="Encrypt")


def make_clients(endpoint):
    """boto3 clients as an application builds them: endpoint override, fake static credentials."""
    session = boto3.session.Session(
        aws_access_key_id="AKIAKMSIMFAKEEXAMPLE",
        aws_secret_access_key="kmsim/fake/secret/not-a-real-aws-key/EXAMPLE",
        region_name="us-east-1",
    )
    no_retries = Config(retries={"total_max_attempts": 1, "mode": "standard"})
    hsm = session.client("cloudhsmv2", endpoint_url=endpoint, config=no_retries)
    kms = session.client("kms", endpoint_url=endpoint, config=no_retries)
    kms_default_retries = session.client("kms", endpoint_url=endpoint, config=Config(retries={"mode": "standard"}))
    return hsm, kms, kms_default_retries


def build_connected_store(hsm, kms, pem, password, store_name):
    """Cluster with two HSMs in two AZs, initialized and activated, a key store on it, CONNECTED.

    Returns (cluster_id, store_id, {zone: hsm_id}).
    """
    subnets = {}
    for subnet in control(op="world")["subnets"]:
        subnets.setdefault(subnet["availabilityZone"], subnet["subnetId"])
    zones = sorted(subnets)[:2]

    cluster = call(hsm, "CreateCluster", HsmType="hsm1.medium", SubnetIds=[subnets[zone] for zone in zones])["Cluster"]
    cluster_id = cluster["ClusterId"]
    emit("call", operation="CreateCluster", ClusterId=cluster_id, State=cluster["State"])
    control(op="advance", seconds=120)

    hsm_ids = {}
    for zone in zones:
        created = call(hsm, "CreateHsm", ClusterId=cluster_id, AvailabilityZone=zone)["Hsm"]
        hsm_ids[zone] = created["HsmId"]
        emit("call", operation="CreateHsm", HsmId=created["HsmId"], AvailabilityZone=created["AvailabilityZone"], State=created["State"])
    control(op="advance", seconds=180)

    described = call(hsm, "DescribeClusters", Filters={"clusterIds": [cluster_id]})["Clusters"][0]
    emit("call", operation="DescribeClusters", State=described["State"], HsmStates=[h["State"] for h in described["Hsms"]])

    initialized = call(hsm, "InitializeCluster", ClusterId=cluster_id, SignedCert=pem, TrustAnchor=pem)
    emit("call", operation="InitializeCluster", State=initialized["State"])
    control(op="advance", seconds=60)
    activated = control(op="action", body={"action": "activate-cluster", "clusterId": cluster_id, "kmsuserPassword": password})
    emit("control-result", action="activate-cluster", result=activated)

    store_id = call(kms, "CreateCustomKeyStore", CustomKeyStoreName=store_name, CloudHsmClusterId=cluster_id,
                    TrustAnchorCertificate=pem, KeyStorePassword=password)["CustomKeyStoreId"]
    emit("call", operation="CreateCustomKeyStore", CustomKeyStoreId=store_id)
    connect(kms, store_id)
    return cluster_id, store_id, hsm_ids


def main():
    endpoint, password, pem_file = sys.argv[1:4]
    with open(pem_file, encoding="utf-8") as handle:
        pem = handle.read()
    emit("start", python=sys.executable, boto3=boto3.__version__, botocore=botocore.__version__, file=boto3.__file__)

    hsm, kms, kms_default_retries = make_clients(endpoint)
    _cluster_id, store_id, _hsms = build_connected_store(hsm, kms, pem, password, "boto3-walk-store")

    metadata = call(kms, "CreateKey", Origin="AWS_CLOUDHSM", CustomKeyStoreId=store_id, Description="boto3 walk")["KeyMetadata"]
    key_arn = metadata["Arn"]
    emit("call", operation="CreateKey", Arn=key_arn, Origin=metadata["Origin"], KeyState=metadata["KeyState"],
         CustomKeyStoreId=metadata["CustomKeyStoreId"], CloudHsmClusterId=metadata["CloudHsmClusterId"],
         CreationDateType=type(metadata["CreationDate"]).__name__)

    round_trip(kms, key_arn, "connected")

    emit("call", operation="DisconnectCustomKeyStore", response=call(kms, "DisconnectCustomKeyStore", CustomKeyStoreId=store_id))
    control(op="advance", seconds=5)
    describe_state(kms, store_id)
    expect_unavailable(kms_default_retries, key_arn)

    connect(kms, store_id)
    round_trip(kms, key_arn, "reconnected")
    emit("done")


if __name__ == "__main__":
    try:
        main()
    except ClientError as error:
        emit("fatal", code=error.response["Error"]["Code"], text=str(error))
        sys.exit(1)
