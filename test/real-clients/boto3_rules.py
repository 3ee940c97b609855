#!/usr/bin/python3
"""Four spec rules over the wire with boto3 against `kmsim serve` (issue 16), run by boto3.test.ts.

Usage: /usr/bin/python3 boto3_rules.py <endpoint-url> <kmsuser-password> <trust-anchor-pem-file>

Same protocol as boto3_walk.py (whose helpers it uses): JSON lines on stdout, control requests
answered on stdin. Virtual time moves only when the script asks, so "the same second" is exact.

- spec 5.1 hot key: state changes on one key are throttled below the per-operation quotas;
- spec 2.1: ListAliases Limit is 1..100;
- spec 4.7 / 10: kmsuser's password cannot be changed while the store is CONNECTED;
- spec 4.4: every UpdateCustomKeyStore needs two ACTIVE HSMs in different AZs, a password-only
  update included (the RB-3 fix on a cluster that lost an HSM).
"""
import sys

from botocore.exceptions import ClientError

from boto3_walk import build_connected_store, call, connect, control, emit, make_clients


def expect_error(label, client, operation, **params):
    """Calls an operation that must fail and reports the ClientError as boto3 raised it."""
    try:
        call(client, operation, **params)
    except ClientError as error:
        metadata = error.response.get("ResponseMetadata", {})
        emit("error", label=label, operation=error.operation_name, code=error.response["Error"]["Code"],
             message=error.response["Error"]["Message"], text=str(error),
             httpStatus=metadata.get("HTTPStatusCode"), retryAttempts=metadata.get("RetryAttempts"))
        return
    emit("unexpected-success", label=label, operation=operation)


def succeed(label, client, operation, **params):
    response = call(client, operation, **params)
    emit("call", label=label, operation=operation, response=response)
    return response


def key_state(kms, key_id):
    state = call(kms, "DescribeKey", KeyId=key_id)["KeyMetadata"]["KeyState"]
    emit("call", operation="DescribeKey", KeyState=state)
    return state


def main():
    endpoint, password, pem_file = sys.argv[1:4]
    with open(pem_file, encoding="utf-8") as handle:
        pem = handle.read()
    emit("start", python=sys.executable)
    hsm, kms, kms_default_retries = make_clients(endpoint)
    cluster_id, store_id, hsms = build_connected_store(hsm, kms, pem, password, "boto3-rules-store")
    key_id = call(kms, "CreateKey", Origin="AWS_CLOUDHSM", CustomKeyStoreId=store_id)["KeyMetadata"]["KeyId"]
    emit("call", operation="CreateKey", KeyId=key_id)

    # Hot key (docs/behaviour.md §5.1): two state changes of one key in one second pass, the third is throttled,
    # retried by the standard mode's 3 attempts, and the next second is fresh.
    control(op="advance", seconds=1)
    succeed("hot-key", kms, "DisableKey", KeyId=key_id)
    succeed("hot-key", kms, "EnableKey", KeyId=key_id)
    expect_error("hot-key", kms, "DisableKey", KeyId=key_id)
    expect_error("hot-key-retried", kms_default_retries, "DisableKey", KeyId=key_id)
    key_state(kms, key_id)
    control(op="advance", seconds=1)
    succeed("hot-key-next-second", kms, "DisableKey", KeyId=key_id)
    succeed("hot-key-next-second", kms, "EnableKey", KeyId=key_id)

    # ListAliases Limit (docs/behaviour.md §2.1): 1..100; botocore checks only the model's minimum, so 101 is sent.
    succeed("list-aliases", kms, "CreateAlias", AliasName="alias/boto3-rules", TargetKeyId=key_id)
    listed = call(kms, "ListAliases", Limit=100)
    emit("call", label="list-aliases-100", operation="ListAliases",
         AliasNames=[alias["AliasName"] for alias in listed["Aliases"]], Truncated=listed["Truncated"])
    expect_error("list-aliases-101", kms, "ListAliases", Limit=101)

    # kmsuser (docs/behaviour.md §4.7, §10): while CONNECTED, KMS is logged in as kmsuser.
    refused = control(op="try-action", body={"action": "set-kmsuser-password", "clusterId": cluster_id,
                                             "password": "Officer-Set-16"})
    emit("control-result", label="set-kmsuser-password-connected", result=refused)

    # Two-HSM rule on every UpdateCustomKeyStore (docs/behaviour.md §4.4): lose one HSM of two, disconnect.
    zones = sorted(hsms)
    lost = call(hsm, "DeleteHsm", ClusterId=cluster_id, HsmId=hsms[zones[0]])
    emit("call", operation="DeleteHsm", HsmId=lost["HsmId"])
    control(op="advance", seconds=60)
    described = call(hsm, "DescribeClusters", Filters={"clusterIds": [cluster_id]})["Clusters"][0]
    emit("call", operation="DescribeClusters", HsmStates=[h["State"] for h in described["Hsms"]])
    succeed("disconnect", kms, "DisconnectCustomKeyStore", CustomKeyStoreId=store_id)
    control(op="advance", seconds=5)

    # RB-7 with the store disconnected: the crypto officer's reset is accepted now ...
    accepted = control(op="try-action", body={"action": "set-kmsuser-password", "clusterId": cluster_id,
                                              "password": "Officer-Set-16"})
    emit("control-result", label="set-kmsuser-password-disconnected", result=accepted)
    # ... but telling KMS the password needs a second HSM in another AZ first.
    expect_error("update-password-one-hsm", kms, "UpdateCustomKeyStore", CustomKeyStoreId=store_id,
                 KeyStorePassword="Officer-Set-16")
    expect_error("update-same-cluster-one-hsm", kms, "UpdateCustomKeyStore", CustomKeyStoreId=store_id,
                 CloudHsmClusterId=cluster_id, KeyStorePassword="Officer-Set-16")
    created = call(hsm, "CreateHsm", ClusterId=cluster_id, AvailabilityZone=zones[0])["Hsm"]
    emit("call", operation="CreateHsm", AvailabilityZone=created["AvailabilityZone"])
    control(op="advance", seconds=180)
    succeed("update-password-two-hsms", kms, "UpdateCustomKeyStore", CustomKeyStoreId=store_id,
            KeyStorePassword="Officer-Set-16")
    connect(kms, store_id)
    key_state(kms, key_id)
    emit("done")


if __name__ == "__main__":
    try:
        main()
    except ClientError as error:
        emit("fatal", code=error.response["Error"]["Code"], text=str(error))
        sys.exit(1)
