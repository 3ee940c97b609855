#!/usr/bin/python3
"""boto3 against `kmsim serve` for the CloudHSM v2 tagging and ModifyCluster operations (issue #10),
run by boto3-cloudhsm-tags.test.ts.

Usage: /usr/bin/python3 boto3_cloudhsm_tags.py <endpoint-url> <subnet-id>...

Prints one JSON object per line: what botocore parsed for each call, including its own paginator
over ListTags and the error codes it reads from kmsim's answers.
"""
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


def emit(event, **fields):
    print(json.dumps(dict(event=event, **fields), sort_keys=True), flush=True)


def error_of(action):
    try:
        action()
    except ClientError as error:
        return {"code": error.response["Error"]["Code"], "message": error.response["Error"]["Message"],
                "status": error.response["ResponseMetadata"]["HTTPStatusCode"]}
    return None


def main():
    endpoint, subnet_ids = sys.argv[1], sys.argv[2:]
    session = boto3.session.Session(
        aws_access_key_id="AKIAKMSIMFAKEEXAMPLE",
        aws_secret_access_key="kmsim/fake/secret/not-a-real-aws-key/EXAMPLE",
        region_name="us-east-1",
    )
    hsm = session.client("cloudhsmv2", endpoint_url=endpoint,
                         config=Config(retries={"total_max_attempts": 1, "mode": "standard"}))
    emit("start", python=sys.executable, boto3=boto3.__version__, file=boto3.__file__)

    tags = [{"Key": "k%d" % i, "Value": "v%d" % i} for i in range(5)]
    cluster_id = hsm.create_cluster(HsmType="hsm1.medium", SubnetIds=subnet_ids, TagList=tags)["Cluster"]["ClusterId"]
    pages = [page["TagList"] for page in
             hsm.get_paginator("list_tags").paginate(ResourceId=cluster_id, PaginationConfig={"PageSize": 2})]
    emit("list_tags", pages=pages)

    hsm.tag_resource(ResourceId=cluster_id, TagList=[{"Key": "k0", "Value": "changed"}, {"Key": "new", "Value": ""}])
    hsm.untag_resource(ResourceId=cluster_id, TagKeyList=["k1", "k2", "k3", "k4"])
    emit("after_update", tags=hsm.list_tags(ResourceId=cluster_id)["TagList"])

    modified = hsm.modify_cluster(ClusterId=cluster_id, BackupRetentionPolicy={"Type": "DAYS", "Value": "30"})
    emit("modify_cluster", policy=modified["Cluster"]["BackupRetentionPolicy"])

    emit("errors",
         reserved=error_of(lambda: hsm.tag_resource(ResourceId=cluster_id, TagList=[{"Key": "aws:x", "Value": "y"}])),
         too_many=error_of(lambda: hsm.tag_resource(
             ResourceId=cluster_id, TagList=[{"Key": "t%d" % i, "Value": ""} for i in range(49)])),
         retention=error_of(lambda: hsm.modify_cluster(
             ClusterId=cluster_id, BackupRetentionPolicy={"Type": "DAYS", "Value": "400"})),
         unknown=error_of(lambda: hsm.list_tags(ResourceId="cluster-abcdefghijk")),
         copy=error_of(lambda: hsm.copy_backup_to_region(DestinationRegion="us-west-2", BackupId="backup-abcdefghijk")))
    emit("done")


if __name__ == "__main__":
    main()
