#!/usr/bin/python3
"""Replay of Terraform's aws_kms_grant create / read / delete (issue #10; every argument forces a
new grant, so the resource has no update).

Call sequence read from hashicorp/terraform-provider-aws internal/service/kms/grant.go at commit
01f431114674c27cf790fafb67ac274bf8f765e1 (a v5 provider on aws-sdk-go-v2):
  create  CreateGrant(GranteePrincipal, KeyId, Operations, Constraints, GrantTokens from
          grant_creation_tokens, Name, RetiringPrincipal) -> read
  read    ListGrants(KeyId, Limit 100), every page, until the grant id is found; the grantee and
          retiring principals must read back as ARNs or service principals
  delete  RevokeGrant(GrantId, KeyId), or RetireGrant(GrantId, KeyId) with retire_on_delete; then
          ListGrants until the grant is gone (NotFoundException counts as gone)
Usage: terraform_kms_grant.py <endpoint> ...
"""
from replay_support import ACCOUNT, Replay, expect, run

GRANTEE = f"arn:aws:iam::{ACCOUNT}:role/terraform-replay-app"
RETIREE = f"arn:aws:iam::{ACCOUNT}:role/terraform-replay-ops"


def find(replay, key_id, grant_id):
    for grant in replay.pages("ListGrants", "Grants", limit=100, KeyId=key_id):
        if grant["GrantId"] == grant_id:
            return grant
    return None


def create_and_read(replay, key_id, **params):
    created = replay.call("CreateGrant", KeyId=key_id, GranteePrincipal=GRANTEE, **params)
    grant = find(replay, key_id, created["GrantId"])
    expect(grant is not None, "grant not listed after CreateGrant")
    for principal in ("GranteePrincipal", "RetiringPrincipal"):
        if principal in grant:
            expect(grant[principal].startswith("arn:"), f"{principal} reads back as {grant[principal]}")
    return created, grant


def delete(replay, key_id, grant_id, retire):
    operation = "RetireGrant" if retire else "RevokeGrant"
    replay.call(operation, GrantId=grant_id, KeyId=key_id)
    replay.wait_until("grant gone", lambda: find(replay, key_id, grant_id) is None, interval_s=1,
                      consecutive=1, timeout_s=120)


def main():
    replay = Replay("terraform-provider-aws aws_kms_grant (commit 01f43111, v5)")
    key_id = replay.call("CreateKey", Description="grant target")["KeyMetadata"]["KeyId"]
    replay.sim.advance(1)

    # A named grant with a constraint, revoked on delete.
    created, grant = create_and_read(
        replay, key_id, Name="terraform-replay-grant", Operations=["Encrypt", "Decrypt", "GenerateDataKey"],
        Constraints={"EncryptionContextEquals": {"Department": "Finance"}}, RetiringPrincipal=RETIREE)
    expect(grant["Name"] == "terraform-replay-grant", "name read back")
    expect(sorted(grant["Operations"]) == ["Decrypt", "Encrypt", "GenerateDataKey"], "operations read back")
    expect(grant["Constraints"] == {"EncryptionContextEquals": {"Department": "Finance"}}, "constraints read back")
    # Terraform retrying the same create (same name and arguments) gets the same grant back.
    again = replay.call("CreateGrant", KeyId=key_id, GranteePrincipal=GRANTEE, Name="terraform-replay-grant",
                        Operations=["Encrypt", "Decrypt", "GenerateDataKey"], RetiringPrincipal=RETIREE,
                        Constraints={"EncryptionContextEquals": {"Department": "Finance"}})
    expect(again["GrantId"] == created["GrantId"], "a retried CreateGrant made a second grant")
    delete(replay, key_id, created["GrantId"], retire=False)

    # A grant created with grant_creation_tokens, retired on delete.
    second, _ = create_and_read(replay, key_id, Operations=["Decrypt"], GrantTokens=[created["GrantToken"]])
    delete(replay, key_id, second["GrantId"], retire=True)
    # Deleting again: the grant is gone (the provider then reads it as deleted).
    replay.call_expecting("RevokeGrant", "InvalidGrantIdException", GrantId=second["GrantId"], KeyId=key_id)
    return {"calls": len(replay.calls)}


if __name__ == "__main__":
    run(main)
