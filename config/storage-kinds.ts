import { awsS3 } from "../storage-kinds/aws-s3";
import { cephViaGateway } from "../storage-kinds/ceph-via-gateway";
import { localPlusSync } from "../storage-kinds/local-plus-sync";
import { localStorage } from "../storage-kinds/local-storage";
import { storageKinds } from "../vocabulary/storage-kinds";

/**
 * The storage kinds the app is built from, one folder of storage-kinds/ each: adding a kind is adding its
 * folder and naming it here. A workspace file without `storage` gets LocalStorage.
 */
export const STORAGE_KINDS = storageKinds([localStorage, awsS3, cephViaGateway, localPlusSync], localStorage);
