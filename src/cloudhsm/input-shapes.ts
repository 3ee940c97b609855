/**
 * Input shapes of all 18 CloudHSM v2 operations in the service model, transcribed from the botocore
 * model `botocore/data/cloudhsmv2/2017-04-28/service-2.json` (docs/behaviour.md §2.5 [M]): every member in model
 * order with its constraints. The id patterns (`cluster-[2-7a-zA-Z]{11,16}` ...) are Java regexes
 * matched against the whole value (see protocol/decode-request.ts). Constant names follow the
 * model's shape names.
 */
import * as s from '../protocol/shape.js';
import type { Infer, StructureShape } from '../protocol/shape.js';

const backupRetentionType = s.enumOf(['DAYS']);
// Days as a string; the 7..379 range is a service rule, not a model constraint (docs/behaviour.md §2.5).
const backupRetentionValue = s.string({ min: 1, max: 3, pattern: '[0-9]+' });
const backupRetentionPolicy = s.structure({
  Type: backupRetentionType,
  Value: backupRetentionValue,
});
// A pattern in the model, not an enum: the service, not validation, rejects unknown types (docs/behaviour.md §2.5).
const hsmType = s.string({ max: 32, pattern: String.raw`((p|)hsm[0-9][a-z.]*\.[a-zA-Z]+)` });
const backupArn = s.string({
  pattern:
    '^(arn:aws(-(us-gov))?:cloudhsm:([a-z]{2}(-(gov|isob|iso))?-(east|west|north|south|central){1,2}-[0-9]{1}):[0-9]{12}:backup/)?backup-[2-7a-zA-Z]{11,16}',
});
const subnetId = s.string({ pattern: 'subnet-[0-9a-fA-F]{8,17}' });
const subnetIds = s.list(subnetId, { min: 1, max: 10 });
const networkType = s.enumOf(['IPV4', 'DUALSTACK']);
const tagKey = s.string({ min: 1, max: 128, pattern: String.raw`^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$` });
const tagValue = s.string({
  min: 0,
  max: 256,
  pattern: String.raw`^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`,
});
const tag = s.structure(
  {
    Key: tagKey,
    Value: tagValue,
  },
  ['Key', 'Value'],
);
const tagList = s.list(tag, { min: 1, max: 50 });
const clusterMode = s.enumOf(['FIPS', 'NON_FIPS']);
const createClusterRequest = s.structure(
  {
    BackupRetentionPolicy: backupRetentionPolicy,
    HsmType: hsmType,
    SourceBackupId: backupArn,
    SubnetIds: subnetIds,
    NetworkType: networkType,
    TagList: tagList,
    Mode: clusterMode,
  },
  ['HsmType', 'SubnetIds'],
);
const field = s.string({ pattern: '[a-zA-Z0-9_-]+' });
const plainString = s.string();
const strings = s.list(plainString);
// DescribeClusters / DescribeBackups filters: map of filter name → values (docs/behaviour.md §2.5).
const filters = s.map(field, strings, { max: 30 });
const nextToken = s.string({ max: 256, pattern: '.*' });
const clustersMaxSize = s.integer({ min: 1, max: 25 });
const describeClustersRequest = s.structure({
  Filters: filters,
  NextToken: nextToken,
  MaxResults: clustersMaxSize,
});
const clusterId = s.string({ pattern: 'cluster-[2-7a-zA-Z]{11,16}' });
const cert = s.string({ max: 20000, pattern: String.raw`[a-zA-Z0-9+-/=\s]*` });
const initializeClusterRequest = s.structure(
  {
    ClusterId: clusterId,
    SignedCert: cert,
    TrustAnchor: cert,
  },
  ['ClusterId', 'SignedCert', 'TrustAnchor'],
);
const deleteClusterRequest = s.structure(
  {
    ClusterId: clusterId,
  },
  ['ClusterId'],
);
const externalAz = s.string({
  pattern: String.raw`[a-z]{2}(-(gov))?-(east|west|north|south|central){1,2}-\d[a-z]`,
});
const ipAddress = s.string({ pattern: String.raw`\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}` });
const createHsmRequest = s.structure(
  {
    ClusterId: clusterId,
    AvailabilityZone: externalAz,
    IpAddress: ipAddress,
  },
  ['ClusterId', 'AvailabilityZone'],
);
const hsmId = s.string({ pattern: 'hsm-[2-7a-zA-Z]{11,16}' });
const eniId = s.string({ pattern: 'eni-[0-9a-fA-F]{8,17}' });
const deleteHsmRequest = s.structure(
  {
    ClusterId: clusterId,
    HsmId: hsmId,
    EniId: eniId,
    EniIp: ipAddress,
  },
  ['ClusterId'],
);
const backupsMaxSize = s.integer({ min: 1, max: 50 });
const booleanType = s.boolean();
const describeBackupsRequest = s.structure({
  NextToken: nextToken,
  MaxResults: backupsMaxSize,
  Filters: filters,
  Shared: booleanType,
  SortAscending: booleanType,
});
const backupId = s.string({ pattern: 'backup-[2-7a-zA-Z]{11,16}' });
const deleteBackupRequest = s.structure(
  {
    BackupId: backupId,
  },
  ['BackupId'],
);
const restoreBackupRequest = s.structure(
  {
    BackupId: backupId,
  },
  ['BackupId'],
);
const modifyBackupAttributesRequest = s.structure(
  {
    BackupId: backupId,
    NeverExpires: booleanType,
  },
  ['BackupId', 'NeverExpires'],
);
const modifyClusterRequest = s.structure(
  {
    HsmType: hsmType,
    BackupRetentionPolicy: backupRetentionPolicy,
    ClusterId: clusterId,
  },
  ['ClusterId'],
);
const region = s.string({
  pattern: String.raw`[a-z]{2}(-(gov))?-(east|west|north|south|central){1,2}-\d`,
});
const copyBackupToRegionRequest = s.structure(
  {
    DestinationRegion: region,
    BackupId: backupId,
    TagList: tagList,
  },
  ['DestinationRegion', 'BackupId'],
);
const resourceId = s.string({ pattern: '(?:cluster|backup)-[2-7a-zA-Z]{11,16}' });
const tagResourceRequest = s.structure(
  {
    ResourceId: resourceId,
    TagList: tagList,
  },
  ['ResourceId', 'TagList'],
);
const tagKeyList = s.list(tagKey, { min: 1, max: 50 });
const untagResourceRequest = s.structure(
  {
    ResourceId: resourceId,
    TagKeyList: tagKeyList,
  },
  ['ResourceId', 'TagKeyList'],
);
const maxSize = s.integer({ min: 1, max: 100 });
const listTagsRequest = s.structure(
  {
    ResourceId: resourceId,
    NextToken: nextToken,
    MaxResults: maxSize,
  },
  ['ResourceId'],
);
const cloudHsmArn = s.string({
  pattern:
    'arn:aws(-(us-gov))?:cloudhsm:([a-z]{2}(-(gov|isob|iso))?-(east|west|north|south|central){1,2}-[0-9]{1}):[0-9]{12}:(backup/backup|cluster/cluster|hsm/hsm)-[2-7a-zA-Z]{11,16}',
});
const resourcePolicy = s.string({ min: 1, max: 20000 });
// Every member of the three resource-policy requests is optional in the model.
const getResourcePolicyRequest = s.structure({
  ResourceArn: cloudHsmArn,
});
const putResourcePolicyRequest = s.structure({
  ResourceArn: cloudHsmArn,
  Policy: resourcePolicy,
});
const deleteResourcePolicyRequest = s.structure({
  ResourceArn: cloudHsmArn,
});

/** Input shape per CloudHSM v2 operation (wire name), for `validateInput` / `decodeRequest`. */
export const CLOUDHSM_INPUT_SHAPES = {
  CreateCluster: createClusterRequest,
  DescribeClusters: describeClustersRequest,
  InitializeCluster: initializeClusterRequest,
  DeleteCluster: deleteClusterRequest,
  CreateHsm: createHsmRequest,
  DeleteHsm: deleteHsmRequest,
  DescribeBackups: describeBackupsRequest,
  DeleteBackup: deleteBackupRequest,
  RestoreBackup: restoreBackupRequest,
  ModifyBackupAttributes: modifyBackupAttributesRequest,
  ModifyCluster: modifyClusterRequest,
  CopyBackupToRegion: copyBackupToRegionRequest,
  TagResource: tagResourceRequest,
  UntagResource: untagResourceRequest,
  ListTags: listTagsRequest,
  GetResourcePolicy: getResourcePolicyRequest,
  PutResourcePolicy: putResourcePolicyRequest,
  DeleteResourcePolicy: deleteResourcePolicyRequest,
} as const satisfies Record<string, StructureShape>;

export type CloudHsmOperationName = keyof typeof CLOUDHSM_INPUT_SHAPES;

/** The decoded, validated input of CloudHSM v2 operation `Op` (e.g. `CloudHsmInput<'CreateHsm'>`). */
export type CloudHsmInput<Op extends CloudHsmOperationName> = Infer<
  (typeof CLOUDHSM_INPUT_SHAPES)[Op]
>;
