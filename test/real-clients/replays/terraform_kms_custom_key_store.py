#!/usr/bin/python3
"""Replay of Terraform's aws_kms_custom_key_store create / read / update / delete (issue #10).

Call sequence read from hashicorp/terraform-provider-aws internal/service/kms/custom_key_store.go
at commit 03412d530417901a6e5360333350b8d3c802cece (a v4 provider on aws-sdk-go v1):
  create  CreateCustomKeyStore(CloudHsmClusterId, CustomKeyStoreName, KeyStorePassword,
          TrustAnchorCertificate) -> read
  read    DescribeCustomKeyStores(CustomKeyStoreId) (CustomKeyStoreNotFoundException = gone)
  update  UpdateCustomKeyStore(CustomKeyStoreId, CloudHsmClusterId (always), NewCustomKeyStoreName
          and/or KeyStorePassword when changed) -> read
  delete  DeleteCustomKeyStore (the provider does not connect or disconnect the store)
The CloudHSM cluster under it is built first (CloudHSM v2 calls and the activate-cluster control).
Usage: terraform_kms_custom_key_store.py <endpoint> <kmsuser-password> <trust-anchor-pem-file>
"""
import sys

from replay_support import Replay, expect, run


def read(replay, store_id):
    stores = replay.call("DescribeCustomKeyStores", CustomKeyStoreId=store_id)["CustomKeyStores"]
    expect(len(stores) == 1, f"DescribeCustomKeyStores returned {stores}")
    return stores[0]


def main():
    password, pem_file = sys.argv[2:4]
    with open(pem_file, encoding="utf-8") as handle:
        pem = handle.read()
    replay = Replay("terraform-provider-aws aws_kms_custom_key_store (commit 03412d53, v4)")
    cluster_id = replay.active_cloudhsm_cluster(password, pem)
    replay.sim.advance(1)

    store_id = replay.call("CreateCustomKeyStore", CloudHsmClusterId=cluster_id,
                           CustomKeyStoreName="terraform-custom-key-store-replay", KeyStorePassword=password,
                           TrustAnchorCertificate=pem)["CustomKeyStoreId"]
    store = read(replay, store_id)
    expect(store["CustomKeyStoreName"] == "terraform-custom-key-store-replay", "name read back")
    expect(store["CloudHsmClusterId"] == cluster_id, "cluster read back")
    expect(store["TrustAnchorCertificate"] == pem, "trust anchor read back")
    expect(store["ConnectionState"] == "DISCONNECTED", f"state {store['ConnectionState']}")

    replay.sim.advance(1)
    replay.call("UpdateCustomKeyStore", CustomKeyStoreId=store_id, CloudHsmClusterId=cluster_id,
                NewCustomKeyStoreName="terraform-custom-key-store-replay-renamed")
    store = read(replay, store_id)
    expect(store["CustomKeyStoreName"] == "terraform-custom-key-store-replay-renamed", "name after update")

    replay.sim.advance(1)
    replay.call("DeleteCustomKeyStore", CustomKeyStoreId=store_id)
    replay.call_expecting("DescribeCustomKeyStores", "CustomKeyStoreNotFoundException", CustomKeyStoreId=store_id)
    return {"calls": len(replay.calls)}


if __name__ == "__main__":
    run(main)
