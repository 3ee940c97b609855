#!/usr/bin/python3
"""Replay of Terraform's aws_kms_alias create / read / update / delete (issue #10).

Call sequence read from hashicorp/terraform-provider-aws internal/service/kms/alias.go at commit
01c08000ddb14181b5bd19201d8fca311dc570e4 (a v4 provider on aws-sdk-go v1) and its find.go
(FindAliasByName):
  create  CreateAlias(AliasName, TargetKeyId) -> read
  read    ListAliases, every page, no filter, until the alias name is found
  update  UpdateAlias(AliasName, TargetKeyId) -> read
  delete  DeleteAlias (NotFoundException counts as deleted)
Usage: terraform_kms_alias.py <endpoint> ...
"""
from replay_support import Replay, expect, run


def read(replay, name):
    for alias in replay.pages("ListAliases", "Aliases"):
        if alias["AliasName"] == name:
            return alias
    return None


def main():
    replay = Replay("terraform-provider-aws aws_kms_alias (commit 01c08000, v4)")
    first = replay.call("CreateKey", Description="alias target 1")["KeyMetadata"]
    replay.sim.advance(1)
    second = replay.call("CreateKey", Description="alias target 2")["KeyMetadata"]
    replay.sim.advance(1)
    # Other aliases so that the provider's unfiltered ListAliases has something to page past.
    for i in range(3):
        replay.call("CreateAlias", AliasName=f"alias/replay-other-{i}", TargetKeyId=first["KeyId"])
        replay.sim.advance(1)

    name = "alias/terraform-replay"
    replay.call("CreateAlias", AliasName=name, TargetKeyId=first["KeyId"])
    alias = read(replay, name)
    expect(alias is not None and alias["TargetKeyId"] == first["KeyId"], f"alias read back {alias}")
    expect(alias["AliasArn"] == f"arn:aws:kms:us-east-1:{first['AWSAccountId']}:{name}", "alias ARN")

    replay.call("UpdateAlias", AliasName=name, TargetKeyId=second["Arn"])
    alias = read(replay, name)
    expect(alias["TargetKeyId"] == second["KeyId"], f"alias after update {alias}")

    replay.call("DeleteAlias", AliasName=name)
    expect(read(replay, name) is None, "alias still listed after delete")
    # A second delete (Terraform retrying) gets NotFoundException, which the provider treats as done.
    replay.call_expecting("DeleteAlias", "NotFoundException", AliasName=name)
    return {"calls": len(replay.calls)}


if __name__ == "__main__":
    run(main)
