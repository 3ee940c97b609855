"""Shared plumbing for the tool-flow replays (issue #10), run by tool-replays.test.ts.

Each replay drives `kmsim serve` with Debian's boto3 over HTTP, making the calls a real tool makes,
in the tool's order. Where a tool waits in wall time (Terraform's propagation waits poll every 1-2
seconds until N consecutive reads agree), the replay moves the server's virtual time by the same
interval instead of sleeping, through the server's /_sim/advance control endpoint.

Every line on stdout is one JSON object: {"event": "call", ...} for each API call, a final
{"event": "done", ...}, or {"event": "failed", ...} with the error when a step does not hold.
"""
import json
import sys
import urllib.request

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

ACCOUNT = "111122223333"


def emit(event, **fields):
    print(json.dumps(dict(event=event, **fields), sort_keys=True, default=str), flush=True)


class ReplayFailure(Exception):
    """A step of the replayed flow did not hold."""


def expect(condition, message):
    if not condition:
        raise ReplayFailure(message)


class Sim:
    """The server's /_sim/ control endpoints (virtual time, control actions, world view)."""

    def __init__(self, endpoint):
        self.endpoint = endpoint.rstrip("/")

    def _post(self, path, body):
        request = urllib.request.Request(f"{self.endpoint}{path}", data=json.dumps(body).encode(), method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def advance(self, seconds):
        return self._post("/_sim/advance", {"seconds": seconds})

    def action(self, body):
        return self._post("/_sim/actions", body)

    def world(self):
        with urllib.request.urlopen(f"{self.endpoint}/_sim/world", timeout=10) as response:
            return json.loads(response.read())


class Replay:
    """One replayed tool: its clients, the server's clock, and a log of every call it made."""

    def __init__(self, tool):
        self.endpoint = sys.argv[1]
        self.tool = tool
        self.sim = Sim(self.endpoint)
        session = boto3.session.Session(
            aws_access_key_id="AKIAKMSIMFAKEEXAMPLE",
            aws_secret_access_key="kmsim/fake/secret/not-a-real-aws-key/EXAMPLE",
            region_name="us-east-1",
        )
        # One attempt: a fault of the simulator must not hide behind a retry.
        config = Config(retries={"total_max_attempts": 1, "mode": "standard"})
        self.kms = session.client("kms", endpoint_url=self.endpoint, config=config)
        self.hsm = session.client("cloudhsmv2", endpoint_url=self.endpoint, config=config)
        self.calls = []
        emit("start", tool=tool, boto3=boto3.__version__, botocore=botocore.__version__)

    def call(self, operation, client=None, **params):
        """Calls one operation, records its name, and returns the response without metadata."""
        method = getattr(client or self.kms, botocore.xform_name(operation))
        self.calls.append(operation)
        try:
            response = method(**params)
        except ClientError as error:
            emit("call", operation=operation, error=error.response["Error"]["Code"],
                 message=error.response["Error"].get("Message"))
            raise
        response.pop("ResponseMetadata", None)
        emit("call", operation=operation)
        return response

    def call_expecting(self, operation, code, **params):
        """A call the tool expects to fail with `code` (and handles); returns the error message."""
        try:
            self.call(operation, **params)
        except ClientError as error:
            expect(error.response["Error"]["Code"] == code,
                   f"{operation}: expected {code}, got {error.response['Error']['Code']}")
            return error.response["Error"].get("Message")
        raise ReplayFailure(f"{operation}: expected {code}, but it succeeded")

    def wait_until(self, what, check, interval_s, consecutive, timeout_s):
        """Terraform's WaitUntil: poll `check` every `interval_s` until `consecutive` reads in a
        row are true, failing after `timeout_s`. Virtual time moves by the interval per poll."""
        waited = 0
        streak = 0
        while waited <= timeout_s:
            streak = streak + 1 if check() else 0
            if streak >= consecutive:
                emit("waited", what=what, polls=waited // interval_s + 1)
                return
            self.sim.advance(interval_s)
            waited += interval_s
        raise ReplayFailure(f"timed out waiting for {what}")

    def pages(self, operation, result_key, limit=None, **params):
        """All items of a Limit/Marker listing, page by page, as the SDK paginators do."""
        items, marker = [], None
        while True:
            extra = dict(params)
            if limit is not None:
                extra["Limit"] = limit
            if marker is not None:
                extra["Marker"] = marker
            page = self.call(operation, **extra)
            items.extend(page.get(result_key, []))
            if not page.get("Truncated"):
                return items
            marker = page["NextMarker"]

    def active_cloudhsm_cluster(self, password, pem):
        """A CloudHSM cluster with two HSMs in two zones, initialized and activated (kmsuser exists)."""
        subnets = {}
        for subnet in self.sim.world()["subnets"]:
            subnets.setdefault(subnet["availabilityZone"], subnet["subnetId"])
        zones = sorted(subnets)[:2]
        cluster_id = self.call("CreateCluster", client=self.hsm, HsmType="hsm1.medium",
                               SubnetIds=[subnets[zone] for zone in zones])["Cluster"]["ClusterId"]
        self.sim.advance(120)
        for zone in zones:
            self.call("CreateHsm", client=self.hsm, ClusterId=cluster_id, AvailabilityZone=zone)
        self.sim.advance(180)
        self.call("InitializeCluster", client=self.hsm, ClusterId=cluster_id, SignedCert=pem, TrustAnchor=pem)
        self.sim.advance(60)
        self.sim.action({"action": "activate-cluster", "clusterId": cluster_id, "kmsuserPassword": password})
        return cluster_id

    def connected_cloudhsm_store(self, password, pem, name):
        """An active cluster and a CloudHSM key store on it, connected."""
        cluster_id = self.active_cloudhsm_cluster(password, pem)
        store_id = self.call("CreateCustomKeyStore", CustomKeyStoreName=name, CloudHsmClusterId=cluster_id,
                             TrustAnchorCertificate=pem, KeyStorePassword=password)["CustomKeyStoreId"]
        self.call("ConnectCustomKeyStore", CustomKeyStoreId=store_id)
        self.sim.advance(120)
        return cluster_id, store_id


def run(replay_main):
    """Runs a replay and reports how it ended; exit status 0 only when the whole flow held."""
    try:
        summary = replay_main()
    except (ReplayFailure, ClientError, BotoCoreError) as error:
        emit("failed", error=str(error))
        sys.exit(1)
    emit("done", **(summary or {}))
