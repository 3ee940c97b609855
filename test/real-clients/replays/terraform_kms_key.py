#!/usr/bin/python3
"""Replay of Terraform's aws_kms_key create / read / update / delete (issue #10).

Call sequence read from hashicorp/terraform-provider-aws internal/service/kms/key.go at commit
00a35305dc1b297a6fcdecdfbba33f1e63c3da39 (a 2026 v6 provider, after v6.10.0) and tags_gen.go at
01606926a0c0ab9174aec440f976a48b0baee722:
  create  CreateKey (KeySpec, KeyUsage, Description, Policy normalized, Tags; Origin AWS_CLOUDHSM and
          CustomKeyStoreId for custom_key_store_id) -> EnableKeyRotation -> GetKeyRotationStatus until
          5 reads in a row agree (1 s apart) -> GetKeyPolicy until 5 agree -> ListResourceTags until 5
          agree -> read
  read    DescribeKey -> GetKeyPolicy(default) -> GetKeyRotationStatus (AWS_KMS origin only) ->
          ListResourceTags (all pages)
  update  DisableKeyRotation + wait, UpdateKeyDescription + DescribeKey until 5 agree (2 s apart),
          PutKeyPolicy(default) + wait, UntagResource(removed) -> TagResource(changed) + wait -> read
  delete  ScheduleKeyDeletion(PendingWindowInDays) -> DescribeKey until the key is neither Enabled
          nor Disabled (PendingDeletion counts as gone)
Usage: terraform_kms_key.py <endpoint> <kmsuser-password> <trust-anchor-pem-file>
"""
import json
import sys

from replay_support import ACCOUNT, Replay, expect, run


def normalized(document):
    """structure.NormalizeJsonString: compact JSON with sorted object keys."""
    return json.dumps(document, separators=(",", ":"), sort_keys=True)


def policy_document(sid):
    return {
        "Version": "2012-10-17",
        "Id": "terraform-replay",
        "Statement": [{
            "Sid": sid, "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
            "Action": "kms:*", "Resource": "*",
        }],
    }


def tag_map(tags):
    return {tag["TagKey"]: tag["TagValue"] for tag in tags}


class TerraformKey:
    def __init__(self, replay):
        self.r = replay

    def list_tags(self, key_id):
        return tag_map(self.r.pages("ListResourceTags", "Tags", KeyId=key_id))

    def read(self, key_id):
        metadata = self.r.call("DescribeKey", KeyId=key_id)["KeyMetadata"]
        expect(metadata["KeyState"] not in ("PendingDeletion", "PendingReplicaDeletion"), "key read back as deleted")
        policy = self.r.call("GetKeyPolicy", KeyId=key_id, PolicyName="default")["Policy"]
        state = {"metadata": metadata, "policy": json.loads(policy)}
        if metadata["Origin"] == "AWS_KMS":
            status = self.r.call("GetKeyRotationStatus", KeyId=key_id)
            state["rotation"] = status["KeyRotationEnabled"]
            state["rotationPeriod"] = status.get("RotationPeriodInDays")
        state["tags"] = self.list_tags(key_id)
        return state

    def wait_rotation(self, key_id, enabled, period=None):
        def check():
            status = self.r.call("GetKeyRotationStatus", KeyId=key_id)
            if period is not None and status.get("RotationPeriodInDays") is not None:
                return status["KeyRotationEnabled"] == enabled and status["RotationPeriodInDays"] == period
            return status["KeyRotationEnabled"] == enabled
        self.r.wait_until("rotation", check, interval_s=1, consecutive=5, timeout_s=600)

    def wait_policy(self, key_id, document):
        def check():
            policy = self.r.call("GetKeyPolicy", KeyId=key_id, PolicyName="default")["Policy"]
            return json.loads(policy) == document
        self.r.wait_until("policy", check, interval_s=1, consecutive=5, timeout_s=600)

    def wait_tags(self, key_id, tags):
        self.r.wait_until("tags", lambda: self.list_tags(key_id) == tags, interval_s=1, consecutive=5, timeout_s=600)

    def create(self, description, tags, policy, enable_rotation=False, store_id=None):
        params = dict(KeySpec="SYMMETRIC_DEFAULT", KeyUsage="ENCRYPT_DECRYPT", Description=description,
                      Policy=normalized(policy), Tags=[{"TagKey": k, "TagValue": v} for k, v in tags.items()])
        if store_id:
            params.update(Origin="AWS_CLOUDHSM", CustomKeyStoreId=store_id)
        key_id = self.r.call("CreateKey", **params)["KeyMetadata"]["KeyId"]
        if enable_rotation:
            # rotation_period_in_days left unset: the provider then sends no RotationPeriodInDays
            # (Debian's botocore 1.29 predates the member anyway).
            self.r.call("EnableKeyRotation", KeyId=key_id)
            self.wait_rotation(key_id, True)
        self.wait_policy(key_id, policy)
        self.wait_tags(key_id, tags)
        return key_id, self.read(key_id)

    def update(self, key_id, description, policy, old_tags, new_tags):
        self.r.call("DisableKeyRotation", KeyId=key_id)
        self.wait_rotation(key_id, False)
        self.r.call("UpdateKeyDescription", KeyId=key_id, Description=description)

        def description_check():
            return self.r.call("DescribeKey", KeyId=key_id)["KeyMetadata"]["Description"] == description
        self.r.wait_until("description", description_check, interval_s=2, consecutive=5, timeout_s=600)
        self.r.call("PutKeyPolicy", KeyId=key_id, Policy=normalized(policy), PolicyName="default",
                    BypassPolicyLockoutSafetyCheck=False)
        self.wait_policy(key_id, policy)
        removed = [k for k in old_tags if k not in new_tags]
        changed = {k: v for k, v in new_tags.items() if old_tags.get(k) != v}
        if removed:
            self.r.call("UntagResource", KeyId=key_id, TagKeys=removed)
        if changed:
            self.r.call("TagResource", KeyId=key_id, Tags=[{"TagKey": k, "TagValue": v} for k, v in changed.items()])
        self.wait_tags(key_id, new_tags)
        return self.read(key_id)

    def delete(self, key_id, window_days):
        self.r.call("ScheduleKeyDeletion", KeyId=key_id, PendingWindowInDays=window_days)

        def gone():
            state = self.r.call("DescribeKey", KeyId=key_id)["KeyMetadata"]["KeyState"]
            return state not in ("Enabled", "Disabled")
        self.r.wait_until("deletion", gone, interval_s=10, consecutive=1, timeout_s=1200)


def main():
    password, pem_file = sys.argv[2:4]
    with open(pem_file, encoding="utf-8") as handle:
        pem = handle.read()
    replay = Replay("terraform-provider-aws aws_kms_key (commit 00a35305, v6 after v6.10.0)")
    tf = TerraformKey(replay)

    # An AWS_KMS key: every step, including rotation.
    tags = {"team": "payments", "env": "test"}
    key_id, state = tf.create("replayed by kmsim", tags, policy_document("first"), enable_rotation=True)
    # Debian's botocore 1.29 predates RotationPeriodInDays and drops it from the response.
    expect(state["rotation"] is True and state["rotationPeriod"] in (365, None), f"rotation read back {state}")
    expect(state["tags"] == tags, f"tags read back {state['tags']}")
    expect(state["metadata"]["Description"] == "replayed by kmsim", "description read back")
    new_tags = {"team": "payments-2", "owner": "ops"}
    state = tf.update(key_id, "updated by kmsim", policy_document("second"), tags, new_tags)
    expect(state["rotation"] is False, "rotation still enabled after update")
    expect(state["policy"] == policy_document("second"), "policy not updated")
    expect(state["tags"] == new_tags, f"tags after update {state['tags']}")
    replay.sim.advance(1)
    tf.delete(key_id, 7)

    # A key in a CloudHSM key store: read skips rotation, as the provider does for non-AWS_KMS origins.
    _, store_id = replay.connected_cloudhsm_store(password, pem, "terraform-replay-store")
    replay.sim.advance(1)
    hsm_key_id, hsm_state = tf.create("in a CloudHSM key store", {"store": "cloudhsm"}, policy_document("hsm"),
                                      store_id=store_id)
    expect(hsm_state["metadata"]["Origin"] == "AWS_CLOUDHSM", "origin")
    expect("rotation" not in hsm_state, "rotation read for a CloudHSM key")
    replay.sim.advance(1)
    tf.delete(hsm_key_id, 7)
    return {"awsKmsKey": key_id, "cloudHsmKey": hsm_key_id, "calls": len(replay.calls),
            "operations": sorted(set(replay.calls))}


if __name__ == "__main__":
    run(main)
