import { defineRule } from '../../engine/index.js';
import { isObject, podSpecOf } from '../../manifests/index.js';
import { isSet, q } from './_lib/pss.js';

/** Volume sources the restricted profile allows (check_restrictedVolumes.go; `image` is allowed at every version). */
const ALLOWED = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

/**
 * The other `VolumeSource` fields of the core API, which PSA forbids. A key that is not a
 * VolumeSource field is dropped when the API server decodes the pod (or rejected by strict
 * field validation), so it never reaches PSA and is not a volume type.
 */
const RESTRICTED = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'portworxVolume',
  'photonPersistentDisk',
  'scaleIO',
  'storageos',
];

/**
 * check_restrictedVolumes.go (restricted, v1.0+, overrides hostPathVolumes): only the
 * allowed volume types. A volume without any known source (keys that are not VolumeSource
 * fields are dropped on decoding) is defaulted to emptyDir by the API server, so PSA sees an
 * emptyDir.
 */
export default defineRule({
  id: 'pss-restricted-volumes',
  title: 'Restricted volume types',
  severity: 'medium',
  category: 'pod-security',
  pssLevel: 'restricted',
  description:
    'The restricted profile only allows volume types that do not reach the node or storage backends directly: configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret. Other types (hostPath, nfs, iscsi, gitRepo, cephfs, rbd, flexVolume, ...) must be provided through a PersistentVolume instead.',
  remediation:
    'Use one of the allowed volume types; expose network or cloud storage through a PersistentVolumeClaim.',
  references: {
    pss: ['restricted:restrictedVolumes'],
    trivy: ['KSV-0028'],
    links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    if (!Array.isArray(pod.spec.volumes)) return;
    pod.spec.volumes.forEach((volume, index) => {
      if (!isObject(volume)) return;
      if (ALLOWED.some((type) => isSet(volume[type]))) return;
      // Without any known source the API server defaults the volume to emptyDir.
      const type = RESTRICTED.find((key) => isSet(volume[key]));
      if (type === undefined) return;
      const name = typeof volume.name === 'string' ? volume.name : `#${index}`;
      context.report({
        path: [...pod.path, 'volumes', index, type],
        message: `Volume ${q(name)} uses the restricted volume type ${q(type)}.`,
        // hostPath is also a baseline violation (hostPathVolumes, which this check overrides).
        ...(type === 'hostPath' ? { severity: 'high' as const } : {}),
      });
    });
  },
});
