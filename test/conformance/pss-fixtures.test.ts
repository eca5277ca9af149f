/**
 * Conformance of the pss-* rules with k8s.io/pod-security-admission (PSA).
 *
 * Ported from PSA's table fixtures (staging/src/k8s.io/pod-security-admission/test/fixtures*.go
 * in kubernetes/kubernetes): the minimal valid pods per level, version and OS
 * (fixtures.go) and, per check, the generators registered per version
 * (fixtures_<check>.go: generatePass / generateFail, applied to the minimal valid pod of the
 * level and version). As in PSA's getFixtures, the generator used at a version is the newest
 * one registered at or below it, the minimal pod the newest one at or below it, and a baseline
 * generator is also applied to the restricted minimal pod.
 *
 * Every pod goes through the real engine: loadManifestFile + runRules with every builtin
 * pss-* rule, options.profile and options.pssVersion.
 *
 * - the minimal valid pod of a level raises no pss-* finding at that level and version;
 * - a passing variant raises no pss-* finding at all at that level and version (PSA admits it);
 * - a failing variant raises a finding of the rule that owns the check at that level and
 *   version (the restricted rule when a restricted check overrides the baseline one);
 * - for Windows pods from v1.25, the checks PSA exempts raise nothing on the failing variants.
 *
 * Patches are literal data: `spec`, `sc` (pod securityContext), `c` / `i` (first container /
 * init container), `cSc` / `iSc` (their securityContext), `annotations`. Objects merge, arrays
 * replace, `null` removes the field (Go nil).
 */
import { describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import {
  DEFAULT_SCAN_OPTIONS,
  defaultParams,
  runRules,
  type ActiveRule,
  type PssLevel,
  type ScanOptions,
} from '../../src/engine/index.js';
import { loadManifestFile } from '../../src/manifests/index.js';
import type { Finding } from '../../src/model/index.js';
import { builtinRules } from '../../src/rules/index.js';
import { PSA } from './psa-vendored.js';

type Obj = Record<string, unknown>;
type Os = 'neutral' | 'linux' | 'windows';

interface Patch {
  name: string;
  spec?: Obj;
  sc?: Obj | null;
  c?: Obj;
  cSc?: Obj | null;
  i?: Obj;
  iSc?: Obj | null;
  annotations?: Obj;
  /** Only generated for these levels (PSA's generatePass(pod, level)). */
  levels?: PssLevel[];
}

interface Generator {
  /** MinimumVersion (minor of v1.x) the generator is registered at. */
  since: number;
  /** PSA's generatePass returns nothing when the restricted minimal pod already drops ALL. */
  noPassWhenDropsAll?: boolean;
  pass: Patch[];
  fail: Patch[];
}

interface CheckFixtures {
  check: string;
  level: PssLevel;
  /** Our rule for the check. */
  rule: string;
  /** Restricted rule that replaces it under --profile restricted, from a version (OverrideCheckIDs). */
  overriddenBy?: { rule: string; since: number };
  /** PSA exempts `spec.os.name: windows` pods from this version. */
  windowsExemptSince?: number;
  generators: Generator[];
}

// ---------------------------------------------------------------------------------------------
// Minimal valid pods (fixtures.go): spec only, per level, version and OS.
// ---------------------------------------------------------------------------------------------

const IMAGE = 'registry.k8s.io/pause';

const BASELINE_1_0: Obj = {
  initContainers: [{ name: 'initcontainer1', image: IMAGE }],
  containers: [{ name: 'container1', image: IMAGE }],
};
const RESTRICTED_1_0: Obj = { ...BASELINE_1_0, securityContext: { runAsNonRoot: true } };
const RESTRICTED_1_8: Obj = {
  securityContext: { runAsNonRoot: true },
  initContainers: [
    { name: 'initcontainer1', image: IMAGE, securityContext: { allowPrivilegeEscalation: false } },
  ],
  containers: [{ name: 'container1', image: IMAGE, securityContext: { allowPrivilegeEscalation: false } }],
};
const RESTRICTED_1_19: Obj = {
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  initContainers: [
    { name: 'initcontainer1', image: IMAGE, securityContext: { allowPrivilegeEscalation: false } },
  ],
  containers: [{ name: 'container1', image: IMAGE, securityContext: { allowPrivilegeEscalation: false } }],
};
const RESTRICTED_1_22: Obj = {
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  initContainers: [
    {
      name: 'initcontainer1',
      image: IMAGE,
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    },
  ],
  containers: [
    {
      name: 'container1',
      image: IMAGE,
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    },
  ],
};
const LINUX = { os: { name: 'linux' } };
const WINDOWS = { os: { name: 'windows' } };

const MINIMAL_PODS: Record<PssLevel, Record<Os, Array<[number, Obj]>>> = {
  baseline: {
    neutral: [[0, BASELINE_1_0]],
    linux: [[0, { ...BASELINE_1_0, ...LINUX }]],
    windows: [[0, { ...BASELINE_1_0, ...WINDOWS }]],
  },
  restricted: {
    neutral: [
      [0, RESTRICTED_1_0],
      [8, RESTRICTED_1_8],
      [19, RESTRICTED_1_19],
      [22, RESTRICTED_1_22],
    ],
    linux: [
      [0, { ...RESTRICTED_1_0, ...LINUX }],
      [8, { ...RESTRICTED_1_8, ...LINUX }],
      [19, { ...RESTRICTED_1_19, ...LINUX }],
      [22, { ...RESTRICTED_1_22, ...LINUX }],
    ],
    // None of the restricted requirements added between v1.0 and v1.25 apply to explicit Windows pods.
    windows: [
      [0, { ...RESTRICTED_1_0, ...WINDOWS }],
      [8, { ...RESTRICTED_1_8, ...WINDOWS }],
      [19, { ...RESTRICTED_1_19, ...WINDOWS }],
      [22, { ...RESTRICTED_1_22, ...WINDOWS }],
      [25, { ...RESTRICTED_1_0, ...WINDOWS }],
    ],
  },
};

// ---------------------------------------------------------------------------------------------
// Fixtures per check (fixtures_<check>.go).
// ---------------------------------------------------------------------------------------------

const BASELINE_CAPS = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];
const EVERY_INDIVIDUAL_CAP = [
  'SYS_TIME',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_PACCT',
  'SYS_ADMIN',
  'SYS_NICE',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'MKNOD',
  'AUDIT_WRITE',
  'AUDIT_CONTROL',
  'MAC_OVERRIDE',
  'MAC_ADMIN',
  'NET_ADMIN',
  'SYSLOG',
  'CHOWN',
  'NET_RAW',
  'DAC_OVERRIDE',
  'FOWNER',
  'DAC_READ_SEARCH',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'IPC_LOCK',
  'IPC_OWNER',
  'SYS_CHROOT',
  'SYS_PTRACE',
  'SYS_BOOT',
  'LEASE',
  'SETFCAP',
  'WAKE_ALARM',
  'BLOCK_SUSPEND',
];
const SYSCTLS_1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const SYSCTLS_1_27 = [...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports'];
const SYSCTLS_1_29 = [
  ...SYSCTLS_1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const SYSCTLS_1_32 = [...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const SYSCTLS_1_37 = [...SYSCTLS_1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];
const sysctls = (names: string[]) => names.map((name) => ({ name, value: '0' }));

const RESTRICTED_VOLUME_TYPES: Array<[string, Obj]> = [
  ['gcePersistentDisk', { pdName: 'test' }],
  ['awsElasticBlockStore', { volumeID: 'test' }],
  ['gitRepo', { repository: 'github.com/kubernetes/kubernetes' }],
  ['nfs', { server: 'test', path: '/test' }],
  ['iscsi', { targetPortal: 'test', iqn: 'iqn.2001-04.com.example:storage.kube.sys1.xyz', lun: 0 }],
  ['glusterfs', { endpoints: 'test', path: 'test' }],
  ['rbd', { monitors: ['test'], image: 'test' }],
  ['flexVolume', { driver: 'test' }],
  ['cinder', { volumeID: 'test' }],
  ['cephfs', { monitors: ['test'] }],
  ['flocker', { datasetName: 'test' }],
  ['fc', { wwids: ['test'] }],
  ['azureFile', { secretName: 'test', shareName: 'test' }],
  ['vsphereVolume', { volumePath: 'test' }],
  ['quobyte', { registry: 'localhost:1234', volume: 'test' }],
  ['azureDisk', { diskName: 'test', diskURI: 'https://test.blob.core.windows.net/test/test.vhd' }],
  ['portworxVolume', { volumeID: 'test', fsType: 'ext4' }],
  ['photonPersistentDisk', { pdID: 'test', fsType: 'ext4' }],
  ['scaleIO', { volumeName: 'test', gateway: 'localhost', system: 'test' }],
  ['storageos', { volumeName: 'test' }],
  ['hostPath', { path: '/a/b' }],
];

const FIXTURES: CheckFixtures[] = [
  {
    check: 'windowsHostProcess',
    level: 'baseline',
    rule: 'pss-host-process',
    generators: [
      {
        since: 0,
        pass: [],
        fail: [
          // HostProcess pods must use the host network (API validation), as in PSA's fixture.
          {
            name: 'pod hostProcess',
            spec: { hostNetwork: true },
            sc: { windowsOptions: { hostProcess: true } },
          },
          {
            name: 'container hostProcess',
            spec: { hostNetwork: true },
            cSc: { windowsOptions: { hostProcess: true } },
          },
          {
            name: 'init container hostProcess',
            spec: { hostNetwork: true },
            iSc: { windowsOptions: { hostProcess: true } },
          },
        ],
      },
    ],
  },
  {
    check: 'hostNamespaces',
    level: 'baseline',
    rule: 'pss-host-namespaces',
    generators: [
      {
        since: 0,
        pass: [{ name: 'explicit false', spec: { hostNetwork: false, hostPID: false, hostIPC: false } }],
        fail: [
          { name: 'hostIPC', spec: { hostIPC: true } },
          { name: 'hostNetwork', spec: { hostNetwork: true } },
          { name: 'hostPID', spec: { hostPID: true } },
        ],
      },
    ],
  },
  {
    check: 'privileged',
    level: 'baseline',
    rule: 'pss-privileged',
    generators: [
      {
        since: 0,
        pass: [{ name: 'privileged false', cSc: { privileged: false }, iSc: { privileged: false } }],
        fail: [
          { name: 'container privileged', cSc: { privileged: true } },
          { name: 'init container privileged', iSc: { privileged: true } },
        ],
      },
    ],
  },
  {
    check: 'capabilities_baseline',
    level: 'baseline',
    rule: 'pss-capabilities-baseline',
    overriddenBy: { rule: 'pss-capabilities-restricted', since: 22 },
    generators: [
      {
        since: 0,
        noPassWhenDropsAll: true,
        pass: [
          {
            name: 'all allowed capabilities',
            cSc: { capabilities: { add: BASELINE_CAPS } },
            iSc: { capabilities: { add: BASELINE_CAPS } },
          },
        ],
        fail: [
          { name: 'NET_RAW', cSc: { capabilities: { add: ['NET_RAW'] } } },
          { name: 'init container NET_RAW', iSc: { capabilities: { add: ['NET_RAW'] } } },
          { name: 'case difference', cSc: { capabilities: { add: ['chown'] } } },
          { name: 'CAP_ prefix', cSc: { capabilities: { add: ['CAP_CHOWN'] } } },
        ],
      },
    ],
  },
  {
    check: 'hostPathVolumes',
    level: 'baseline',
    rule: 'pss-host-path-volumes',
    overriddenBy: { rule: 'pss-restricted-volumes', since: 0 },
    generators: [
      {
        since: 0,
        pass: [],
        fail: [
          {
            name: 'hostPath volume',
            spec: { volumes: [{ name: 'volume-hostpath', hostPath: { path: '/a/b' } }] },
          },
          {
            name: 'hostPath among other volumes',
            spec: {
              volumes: [
                { name: 'configmap', configMap: { name: 'test' } },
                { name: 'volume-hostpath', hostPath: { path: '/a/b', type: 'Directory' } },
              ],
            },
          },
        ],
      },
    ],
  },
  {
    check: 'hostPorts',
    level: 'baseline',
    rule: 'pss-host-ports',
    generators: [
      {
        since: 0,
        pass: [
          {
            name: 'container ports without hostPort',
            c: { ports: [{ containerPort: 12345 }] },
            i: { ports: [{ containerPort: 12346 }] },
          },
          { name: 'hostPort 0', c: { ports: [{ containerPort: 12345, hostPort: 0 }] } },
        ],
        fail: [
          { name: 'container hostPort', c: { ports: [{ containerPort: 12345, hostPort: 12345 }] } },
          { name: 'init container hostPort', i: { ports: [{ containerPort: 12346, hostPort: 12346 }] } },
        ],
      },
    ],
  },
  {
    check: 'appArmorProfile',
    level: 'baseline',
    rule: 'pss-apparmor-profile',
    generators: [
      {
        since: 0,
        pass: [
          {
            name: 'runtime/default and localhost annotations',
            annotations: {
              'container.apparmor.security.beta.kubernetes.io/container1': 'runtime/default',
              'container.apparmor.security.beta.kubernetes.io/initcontainer1': 'localhost/foo',
            },
          },
          { name: 'RuntimeDefault on the pod', sc: { appArmorProfile: { type: 'RuntimeDefault' } } },
          {
            name: 'Localhost on the container',
            cSc: { appArmorProfile: { type: 'Localhost', localhostProfile: 'foo' } },
          },
          {
            name: 'RuntimeDefault on the init container',
            iSc: { appArmorProfile: { type: 'RuntimeDefault' } },
          },
        ],
        fail: [
          {
            name: 'container unconfined annotation',
            annotations: { 'container.apparmor.security.beta.kubernetes.io/container1': 'unconfined' },
          },
          {
            name: 'init container unconfined annotation',
            annotations: { 'container.apparmor.security.beta.kubernetes.io/initcontainer1': 'unconfined' },
          },
          { name: 'pod Unconfined', sc: { appArmorProfile: { type: 'Unconfined' } } },
          { name: 'container Unconfined', cSc: { appArmorProfile: { type: 'Unconfined' } } },
          { name: 'init container Unconfined', iSc: { appArmorProfile: { type: 'Unconfined' } } },
          {
            name: 'annotation for a container that does not exist',
            annotations: { 'container.apparmor.security.beta.kubernetes.io/other': 'unconfined' },
          },
        ],
      },
    ],
  },
  {
    check: 'seLinuxOptions',
    level: 'baseline',
    rule: 'pss-selinux-options',
    generators: [
      {
        since: 0,
        pass: [
          {
            name: 'no pod options, empty init container options',
            sc: { seLinuxOptions: null },
            cSc: { seLinuxOptions: null },
            iSc: { seLinuxOptions: {} },
          },
          {
            name: 'every valid type, any level',
            sc: { seLinuxOptions: { type: 'container_t', level: '' } },
            cSc: { seLinuxOptions: { type: 'container_init_t', level: 'somevalue' } },
            iSc: { seLinuxOptions: { type: 'container_kvm_t' } },
          },
        ],
        fail: [
          { name: 'pod type', sc: { seLinuxOptions: { type: 'somevalue' } } },
          { name: 'container type', cSc: { seLinuxOptions: { type: 'somevalue' } } },
          { name: 'init container type', iSc: { seLinuxOptions: { type: 'somevalue' } } },
          { name: 'pod user', sc: { seLinuxOptions: { user: 'somevalue' } } },
          { name: 'pod role', sc: { seLinuxOptions: { role: 'somevalue' } } },
          {
            name: 'container_engine_t before v1.31',
            cSc: { seLinuxOptions: { type: 'container_engine_t' } },
          },
        ],
      },
      {
        since: 31,
        pass: [
          {
            name: 'no pod options, empty init container options',
            sc: { seLinuxOptions: null },
            cSc: { seLinuxOptions: null },
            iSc: { seLinuxOptions: {} },
          },
          {
            name: 'every valid type, any level',
            sc: { seLinuxOptions: { type: 'container_t', level: '' } },
            cSc: { seLinuxOptions: { type: 'container_init_t', level: 'somevalue' } },
            iSc: { seLinuxOptions: { type: 'container_kvm_t' } },
          },
          {
            name: 'container_engine_t',
            sc: { seLinuxOptions: { type: 'container_engine_t' } },
            cSc: { seLinuxOptions: { type: 'container_engine_t' } },
          },
        ],
        fail: [
          { name: 'pod type', sc: { seLinuxOptions: { type: 'somevalue' } } },
          { name: 'container type', cSc: { seLinuxOptions: { type: 'somevalue' } } },
          { name: 'init container type', iSc: { seLinuxOptions: { type: 'somevalue' } } },
          { name: 'pod user', sc: { seLinuxOptions: { user: 'somevalue' } } },
          { name: 'pod role', sc: { seLinuxOptions: { role: 'somevalue' } } },
          { name: 'container user', cSc: { seLinuxOptions: { user: 'somevalue' } } },
        ],
      },
    ],
  },
  {
    check: 'procMount',
    level: 'baseline',
    rule: 'pss-proc-mount',
    overriddenBy: { rule: 'pss-proc-mount-restricted', since: 35 },
    generators: [
      {
        since: 0,
        pass: [
          {
            name: 'Default with hostUsers false',
            spec: { hostUsers: false },
            cSc: { procMount: 'Default' },
            iSc: { procMount: 'Default' },
          },
        ],
        fail: [
          // Before v1.35 the user-namespace relaxation hung on an alpha gate that is off by default.
          {
            name: 'container Unmasked, hostUsers false',
            spec: { hostUsers: false },
            cSc: { procMount: 'Unmasked' },
          },
          {
            name: 'init container Unmasked, hostUsers false',
            spec: { hostUsers: false },
            iSc: { procMount: 'Unmasked' },
          },
          { name: 'container Unmasked', cSc: { procMount: 'Unmasked' } },
        ],
      },
      {
        since: 35,
        pass: [
          {
            name: 'Default with hostUsers false',
            spec: { hostUsers: false },
            cSc: { procMount: 'Default' },
            iSc: { procMount: 'Default' },
          },
          {
            name: 'Unmasked with hostUsers false',
            levels: ['baseline'],
            spec: { hostUsers: false },
            cSc: { procMount: 'Unmasked' },
            iSc: { procMount: 'Unmasked' },
          },
        ],
        fail: [
          {
            name: 'container Unmasked, hostUsers true',
            spec: { hostUsers: true },
            cSc: { procMount: 'Unmasked' },
          },
          {
            name: 'init container Unmasked, hostUsers true',
            spec: { hostUsers: true },
            iSc: { procMount: 'Unmasked' },
          },
          { name: 'container Unmasked, hostUsers unset', cSc: { procMount: 'Unmasked' } },
        ],
      },
    ],
  },
  {
    check: 'seccompProfile_baseline',
    level: 'baseline',
    rule: 'pss-seccomp-profile-baseline',
    overriddenBy: { rule: 'pss-seccomp-profile-restricted', since: 19 },
    generators: [
      {
        since: 0,
        pass: [
          {
            name: 'valid annotations',
            annotations: {
              'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default',
              'container.seccomp.security.alpha.kubernetes.io/container1': 'docker/default',
              'container.seccomp.security.alpha.kubernetes.io/initcontainer1': 'localhost/testing',
            },
          },
        ],
        fail: [
          {
            name: 'pod annotation unconfined',
            annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' },
          },
          {
            name: 'container annotation unconfined',
            annotations: { 'container.seccomp.security.alpha.kubernetes.io/container1': 'unconfined' },
          },
          {
            name: 'init container annotation unconfined',
            annotations: { 'container.seccomp.security.alpha.kubernetes.io/initcontainer1': 'unconfined' },
          },
          // validSeccompAnnotationValue: an empty value is not allowed (unlike the AppArmor annotations).
          { name: 'pod annotation empty', annotations: { 'seccomp.security.alpha.kubernetes.io/pod': '' } },
        ],
      },
      {
        since: 19,
        pass: [
          { name: 'pod RuntimeDefault', sc: { seccompProfile: { type: 'RuntimeDefault' } } },
          {
            name: 'pod Localhost',
            sc: { seccompProfile: { type: 'Localhost', localhostProfile: 'testing' } },
          },
          {
            name: 'containers RuntimeDefault and Localhost',
            cSc: { seccompProfile: { type: 'RuntimeDefault' } },
            iSc: { seccompProfile: { type: 'Localhost', localhostProfile: 'testing' } },
          },
        ],
        fail: [
          { name: 'pod Unconfined', sc: { seccompProfile: { type: 'Unconfined' } } },
          { name: 'container Unconfined', cSc: { seccompProfile: { type: 'Unconfined' } } },
          { name: 'init container Unconfined', iSc: { seccompProfile: { type: 'Unconfined' } } },
        ],
      },
    ],
  },
  {
    check: 'sysctls',
    level: 'baseline',
    rule: 'pss-sysctls',
    generators: [
      {
        since: 0,
        pass: [
          { name: 'no sysctls', sc: { sysctls: null } },
          { name: 'safe sysctls v1.0', sc: { sysctls: sysctls(SYSCTLS_1_0) } },
        ],
        fail: [
          { name: 'other sysctl', sc: { sysctls: [{ name: 'othersysctl', value: 'other' }] } },
          { name: 'v1.27 sysctl', sc: { sysctls: sysctls(['net.ipv4.ip_local_reserved_ports']) } },
        ],
      },
      {
        since: 27,
        pass: [
          { name: 'no sysctls', sc: { sysctls: null } },
          { name: 'safe sysctls v1.27', sc: { sysctls: sysctls(SYSCTLS_1_27) } },
        ],
        fail: [
          { name: 'other sysctl', sc: { sysctls: [{ name: 'othersysctl', value: 'other' }] } },
          { name: 'v1.29 sysctl', sc: { sysctls: sysctls(['net.ipv4.tcp_keepalive_time']) } },
        ],
      },
      {
        since: 29,
        pass: [
          { name: 'no sysctls', sc: { sysctls: null } },
          { name: 'safe sysctls v1.29', sc: { sysctls: sysctls(SYSCTLS_1_29) } },
        ],
        fail: [
          { name: 'other sysctl', sc: { sysctls: [{ name: 'othersysctl', value: 'other' }] } },
          { name: 'v1.32 sysctl', sc: { sysctls: sysctls(['net.ipv4.tcp_rmem']) } },
        ],
      },
      {
        since: 32,
        pass: [
          { name: 'no sysctls', sc: { sysctls: null } },
          { name: 'safe sysctls v1.32', sc: { sysctls: sysctls(SYSCTLS_1_32) } },
        ],
        fail: [
          { name: 'other sysctl', sc: { sysctls: [{ name: 'othersysctl', value: 'other' }] } },
          { name: 'v1.37 sysctl', sc: { sysctls: sysctls(['net.ipv4.tcp_slow_start_after_idle']) } },
        ],
      },
      {
        since: 37,
        pass: [
          { name: 'no sysctls', sc: { sysctls: null } },
          { name: 'safe sysctls v1.37', sc: { sysctls: sysctls(SYSCTLS_1_37) } },
        ],
        fail: [
          { name: 'other sysctl', sc: { sysctls: [{ name: 'othersysctl', value: 'other' }] } },
          { name: 'unsafe kernel sysctl', sc: { sysctls: [{ name: 'kernel.msgmax', value: '1' }] } },
        ],
      },
    ],
  },
  {
    check: 'hostProbesAndHostLifecycle',
    level: 'baseline',
    rule: 'pss-host-probes-and-lifecycle',
    generators: [
      {
        since: 34,
        pass: [
          { name: 'no probes', c: {} },
          { name: 'httpGet without host', c: { livenessProbe: { httpGet: { port: 8080 } } } },
          { name: 'tcpSocket without host', c: { readinessProbe: { tcpSocket: { port: 8080 } } } },
          {
            name: 'empty host',
            c: {
              startupProbe: { httpGet: { host: '', port: 8080 } },
              lifecycle: { preStop: { httpGet: { host: '', port: 8080 } } },
            },
          },
        ],
        fail: [
          {
            name: 'liveness httpGet host',
            c: { livenessProbe: { httpGet: { host: 'bad.host', port: 8080 } } },
          },
          {
            name: 'sidecar readiness tcpSocket host',
            i: { restartPolicy: 'Always', readinessProbe: { tcpSocket: { host: '8.8.8.8', port: 8080 } } },
          },
          {
            name: 'postStart httpGet host',
            c: { lifecycle: { postStart: { httpGet: { host: 'bad.host', port: 8080 } } } },
          },
          {
            name: 'liveness httpGet loopback',
            c: { livenessProbe: { httpGet: { host: '127.0.0.1', port: 8080 } } },
          },
          {
            name: 'readiness tcpSocket ::1',
            c: { readinessProbe: { tcpSocket: { host: '::1', port: 8080 } } },
          },
          {
            name: 'preStop tcpSocket host',
            c: { lifecycle: { preStop: { tcpSocket: { host: '169.254.169.254', port: 80 } } } },
          },
          { name: 'startup probe host', c: { startupProbe: { httpGet: { host: 'metadata', port: 80 } } } },
        ],
      },
    ],
  },
  {
    check: 'restrictedVolumes',
    level: 'restricted',
    rule: 'pss-restricted-volumes',
    generators: [
      {
        since: 0,
        pass: [
          {
            name: 'every allowed volume type',
            spec: {
              volumes: [
                { name: 'volume-configmap', configMap: { name: 'test' } },
                { name: 'volume-csi', csi: { driver: 'inline.storage.kubernetes.io' } },
                {
                  name: 'volume-downwardapi',
                  downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] },
                },
                { name: 'volume-emptydir', emptyDir: {} },
                {
                  name: 'volume-ephemeral',
                  ephemeral: {
                    volumeClaimTemplate: {
                      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
                    },
                  },
                },
                { name: 'volume-pvc', persistentVolumeClaim: { claimName: 'test' } },
                { name: 'volume-projected', projected: { sources: [] } },
                { name: 'volume-secret', secret: { secretName: 'test' } },
                {
                  name: 'volume-image',
                  image: { reference: 'registry.k8s.io/pause', pullPolicy: 'IfNotPresent' },
                },
              ],
            },
          },
          // The API server defaults a volume without a source to emptyDir before PSA sees it, and
          // drops keys that are not VolumeSource fields.
          {
            name: 'volume without a source',
            spec: {
              volumes: [{ name: 'volume-defaulted' }, { name: 'volume-unknown-key', notAVolumeSource: {} }],
            },
          },
        ],
        fail: RESTRICTED_VOLUME_TYPES.map(([type, source]) => ({
          name: `${type} volume`,
          spec: { volumes: [{ name: `volume-${type.toLowerCase()}`, [type]: source }] },
        })),
      },
    ],
  },
  {
    check: 'allowPrivilegeEscalation',
    level: 'restricted',
    rule: 'pss-allow-privilege-escalation',
    windowsExemptSince: 25,
    generators: [
      {
        since: 8,
        pass: [],
        fail: [
          { name: 'explicit true', cSc: { allowPrivilegeEscalation: true } },
          { name: 'init container explicit true', iSc: { allowPrivilegeEscalation: true } },
          { name: 'nil allowPrivilegeEscalation', cSc: { allowPrivilegeEscalation: null } },
          { name: 'nil security context', cSc: null },
        ],
      },
    ],
  },
  {
    check: 'runAsNonRoot',
    level: 'restricted',
    rule: 'pss-run-as-non-root',
    generators: [
      {
        since: 0,
        pass: [
          {
            name: 'set at pod level',
            sc: { runAsNonRoot: true },
            cSc: { runAsNonRoot: null },
            iSc: { runAsNonRoot: null },
          },
          {
            name: 'set on all containers',
            sc: { runAsNonRoot: null },
            cSc: { runAsNonRoot: true },
            iSc: { runAsNonRoot: true },
          },
        ],
        fail: [
          {
            name: 'unset everywhere',
            sc: { runAsNonRoot: null },
            cSc: { runAsNonRoot: null },
            iSc: { runAsNonRoot: null },
          },
          { name: 'explicit false on pod', sc: { runAsNonRoot: false } },
          { name: 'explicit false on container', cSc: { runAsNonRoot: false } },
          { name: 'explicit false on init container', iSc: { runAsNonRoot: false } },
          { name: 'unset on init container only', sc: { runAsNonRoot: null }, cSc: { runAsNonRoot: true } },
          // Before v1.35 the relaxation needed the alpha UserNamespacesPodSecurityStandards gate (off by default).
          {
            name: 'unset everywhere, hostUsers false',
            spec: { hostUsers: false },
            sc: { runAsNonRoot: null },
          },
        ],
      },
      {
        since: 35,
        pass: [
          {
            name: 'set at pod level',
            sc: { runAsNonRoot: true },
            cSc: { runAsNonRoot: null },
            iSc: { runAsNonRoot: null },
          },
          {
            name: 'set on all containers',
            sc: { runAsNonRoot: null },
            cSc: { runAsNonRoot: true },
            iSc: { runAsNonRoot: true },
          },
          {
            name: 'unset everywhere, hostUsers false',
            spec: { hostUsers: false },
            sc: { runAsNonRoot: null },
          },
          {
            name: 'explicit false, hostUsers false',
            spec: { hostUsers: false },
            sc: { runAsNonRoot: false },
            cSc: { runAsNonRoot: false },
          },
        ],
        fail: [
          {
            name: 'unset everywhere',
            sc: { runAsNonRoot: null },
            cSc: { runAsNonRoot: null },
            iSc: { runAsNonRoot: null },
          },
          {
            name: 'explicit false on pod, hostUsers true',
            spec: { hostUsers: true },
            sc: { runAsNonRoot: false },
          },
          { name: 'explicit false on container', cSc: { runAsNonRoot: false } },
          { name: 'explicit false on init container', iSc: { runAsNonRoot: false } },
        ],
      },
    ],
  },
  {
    check: 'runAsUser',
    level: 'restricted',
    rule: 'pss-run-as-user',
    generators: [
      {
        since: 23,
        pass: [
          {
            name: 'non-zero everywhere',
            sc: { runAsUser: 1000 },
            cSc: { runAsUser: 1000 },
            iSc: { runAsUser: 1000 },
          },
        ],
        fail: [
          { name: 'explicit 0 on pod', sc: { runAsUser: 0 } },
          { name: 'explicit 0 on container', cSc: { runAsUser: 0 } },
          { name: 'explicit 0 on init container', iSc: { runAsUser: 0 } },
          {
            name: 'explicit 0, hostUsers false before v1.35',
            spec: { hostUsers: false },
            sc: { runAsUser: 0 },
          },
        ],
      },
      {
        since: 35,
        pass: [
          {
            name: 'non-zero everywhere',
            sc: { runAsUser: 1000 },
            cSc: { runAsUser: 1000 },
            iSc: { runAsUser: 1000 },
          },
          {
            name: 'zero everywhere, hostUsers false',
            spec: { hostUsers: false },
            sc: { runAsUser: 0 },
            cSc: { runAsUser: 0 },
            iSc: { runAsUser: 0 },
          },
        ],
        fail: [
          { name: 'explicit 0 on pod', sc: { runAsUser: 0 } },
          {
            name: 'explicit 0 on container, hostUsers true',
            spec: { hostUsers: true },
            cSc: { runAsUser: 0 },
          },
          { name: 'explicit 0 on init container', iSc: { runAsUser: 0 } },
        ],
      },
    ],
  },
  {
    check: 'seccompProfile_restricted',
    level: 'restricted',
    rule: 'pss-seccomp-profile-restricted',
    windowsExemptSince: 25,
    generators: [
      {
        since: 19,
        pass: [
          { name: 'pod RuntimeDefault', sc: { seccompProfile: { type: 'RuntimeDefault' } } },
          {
            name: 'pod Localhost',
            sc: { seccompProfile: { type: 'Localhost', localhostProfile: 'testing' } },
          },
          {
            name: 'containers only',
            sc: { seccompProfile: null },
            cSc: { seccompProfile: { type: 'RuntimeDefault' } },
            iSc: { seccompProfile: { type: 'Localhost', localhostProfile: 'testing' } },
          },
        ],
        fail: [
          { name: 'unset everywhere', sc: { seccompProfile: null } },
          { name: 'pod Unconfined', sc: { seccompProfile: { type: 'Unconfined' } } },
          {
            name: 'unset init container',
            sc: { seccompProfile: null },
            cSc: { seccompProfile: { type: 'RuntimeDefault' } },
          },
          {
            name: 'unset container',
            sc: { seccompProfile: null },
            iSc: { seccompProfile: { type: 'RuntimeDefault' } },
          },
          {
            name: 'container Unconfined',
            sc: { seccompProfile: null },
            cSc: { seccompProfile: { type: 'RuntimeDefault' } },
            iSc: { seccompProfile: { type: 'Unconfined' } },
          },
        ],
      },
    ],
  },
  {
    check: 'capabilities_restricted',
    level: 'restricted',
    rule: 'pss-capabilities-restricted',
    windowsExemptSince: 25,
    generators: [
      {
        since: 22,
        pass: [
          {
            name: 'drop ALL, add NET_BIND_SERVICE',
            cSc: { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } },
            iSc: { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } },
          },
        ],
        fail: [
          { name: 'container drops nothing', cSc: { capabilities: { drop: [] } } },
          { name: 'init container drops nothing', iSc: { capabilities: { drop: [] } } },
          {
            name: 'dropping every capability one by one',
            cSc: { capabilities: { drop: EVERY_INDIVIDUAL_CAP } },
            iSc: { capabilities: { drop: EVERY_INDIVIDUAL_CAP } },
          },
          {
            name: 'adding back baseline capabilities',
            cSc: { capabilities: { drop: ['ALL'], add: BASELINE_CAPS } },
            iSc: { capabilities: { drop: ['ALL'], add: BASELINE_CAPS } },
          },
          { name: 'no capabilities', cSc: { capabilities: null } },
          { name: 'lower-case all', cSc: { capabilities: { drop: ['all'] } } },
        ],
      },
    ],
  },
  {
    check: 'procMount_restricted',
    level: 'restricted',
    rule: 'pss-proc-mount-restricted',
    generators: [
      {
        since: 35,
        pass: [
          {
            name: 'Default with hostUsers false',
            spec: { hostUsers: false },
            cSc: { procMount: 'Default' },
            iSc: { procMount: 'Default' },
          },
        ],
        fail: [
          {
            name: 'container Unmasked, hostUsers false',
            spec: { hostUsers: false },
            cSc: { procMount: 'Unmasked' },
          },
          {
            name: 'init container Unmasked, hostUsers false',
            spec: { hostUsers: false },
            iSc: { procMount: 'Unmasked' },
          },
          { name: 'other value', cSc: { procMount: 'other' } },
        ],
      },
    ],
  },
];

/** PSA check ids as registered by policy/check_*.go, with their level (vendored: test/conformance/pod-security-admission.json). */
const PSA_CHECKS: Record<string, PssLevel> = Object.fromEntries(PSA.checks.map((c) => [c.id, c.level]));

/** Policy versions exercised: every version where a check or a fixture changes, their neighbours, and one past the newest. */
const VERSIONS = [0, 7, 8, 18, 19, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38];
const OSES: Os[] = ['neutral', 'linux', 'windows'];

// ---------------------------------------------------------------------------------------------
// Machinery
// ---------------------------------------------------------------------------------------------

const PSS_RULES: ActiveRule[] = builtinRules
  .filter((rule) => rule.id.startsWith('pss-'))
  .map((rule) => ({ rule, severity: rule.severity, params: defaultParams(rule) }));

function clone<T>(value: T): T {
  return structuredClone(value);
}

function isPlain(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(target: Obj, patch: Obj): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete target[key];
    else if (isPlain(value) && isPlain(target[key])) merge(target[key] as Obj, value);
    else target[key] = clone(value);
  }
}

function applyTo(parent: Obj, key: string, patch: Obj | null | undefined): void {
  if (patch === undefined) return;
  if (patch === null) {
    delete parent[key];
    return;
  }
  if (!isPlain(parent[key])) parent[key] = {};
  merge(parent[key] as Obj, patch);
}

function newestAtOrBelow<T>(entries: Array<[number, T]>, minor: number): T | undefined {
  let found: T | undefined;
  for (const [since, value] of entries) if (since <= minor) found = value;
  return found;
}

function minimalSpec(level: PssLevel, os: Os, minor: number): Obj {
  return clone(newestAtOrBelow(MINIMAL_PODS[level][os], minor)!);
}

function buildPod(spec: Obj, patch?: Patch): Obj {
  const pod: Obj = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'test-pod', namespace: 'test' },
    spec: clone(spec),
  };
  if (!patch) return pod;
  const podSpec = pod.spec as Obj;
  if (patch.spec) merge(podSpec, patch.spec);
  applyTo(podSpec, 'securityContext', patch.sc);
  const container = (podSpec.containers as Obj[])[0]!;
  const init = (podSpec.initContainers as Obj[])[0]!;
  if (patch.c) merge(container, patch.c);
  if (patch.i) merge(init, patch.i);
  applyTo(container, 'securityContext', patch.cSc);
  applyTo(init, 'securityContext', patch.iSc);
  if (patch.annotations) (pod.metadata as Obj).annotations = clone(patch.annotations);
  return pod;
}

function evaluate(pod: Obj, level: PssLevel, minor: number): Finding[] {
  const loaded = loadManifestFile('pod.yaml', stringify(pod));
  if (loaded.findings.length > 0)
    throw new Error(`fixture does not load: ${loaded.findings.map((f) => f.message).join('; ')}`);
  const options: ScanOptions = { ...DEFAULT_SCAN_OPTIONS, profile: level, pssVersion: { major: 1, minor } };
  return runRules(loaded.resources, PSS_RULES, options);
}

const summary = (findings: Finding[]) => findings.map((f) => `${f.ruleId}: ${f.message}`);

function checkApplies(fixtures: CheckFixtures, minor: number): boolean {
  return fixtures.generators[0]!.since <= minor;
}

function generatorAt(fixtures: CheckFixtures, minor: number): Generator | undefined {
  return newestAtOrBelow(
    fixtures.generators.map((g) => [g.since, g] as [number, Generator]),
    minor,
  );
}

function expectedRule(fixtures: CheckFixtures, level: PssLevel, minor: number): string {
  if (level === 'restricted' && fixtures.overriddenBy && fixtures.overriddenBy.since <= minor)
    return fixtures.overriddenBy.rule;
  return fixtures.rule;
}

function dropsAll(spec: Obj): boolean {
  const sc = (spec.containers as Obj[])[0]?.securityContext;
  return (
    isPlain(sc) &&
    isPlain(sc.capabilities) &&
    Array.isArray(sc.capabilities.drop) &&
    sc.capabilities.drop.includes('ALL')
  );
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('PSA fixtures', () => {
  for (const minor of VERSIONS) {
    describe(`v1.${minor}`, () => {
      for (const level of ['baseline', 'restricted'] as const) {
        for (const os of OSES) {
          it(`${level} minimal valid ${os} pod raises no pss-* finding`, () => {
            expect(summary(evaluate(buildPod(minimalSpec(level, os, minor)), level, minor))).toEqual([]);
          });
        }
        for (const fixtures of FIXTURES) {
          // Restricted checks only run at the restricted level; baseline generators are also registered for restricted.
          if (fixtures.level === 'restricted' && level === 'baseline') continue;
          if (!checkApplies(fixtures, minor)) continue;
          const generator = generatorAt(fixtures, minor)!;
          for (const os of OSES) {
            it(`${level} ${fixtures.check} (generator v1.${generator.since}, ${os})`, () => {
              const spec = minimalSpec(level, os, minor);
              const problems: string[] = [];
              const passes =
                generator.noPassWhenDropsAll && dropsAll(spec)
                  ? []
                  : generator.pass.filter((p) => !p.levels || p.levels.includes(level));
              for (const patch of passes) {
                const found = summary(evaluate(buildPod(spec, patch), level, minor));
                if (found.length > 0) problems.push(`pass "${patch.name}" raised ${JSON.stringify(found)}`);
              }
              const rule = expectedRule(fixtures, level, minor);
              // The exemption is the owning check's: under restricted, capabilities_restricted and
              // seccompProfile_restricted replace their baseline checks for Windows pods too, and admit them.
              const owner = FIXTURES.find((f) => f.rule === rule)!;
              const windowsExempt =
                os === 'windows' &&
                owner.windowsExemptSince !== undefined &&
                minor >= owner.windowsExemptSince;
              for (const patch of generator.fail) {
                const found = evaluate(buildPod(spec, patch), level, minor).filter((f) => f.ruleId === rule);
                if (windowsExempt && found.length > 0)
                  problems.push(
                    `fail "${patch.name}" on a Windows pod (exempt) raised ${JSON.stringify(summary(found))}`,
                  );
                if (!windowsExempt && found.length === 0)
                  problems.push(`fail "${patch.name}" raised no ${rule} finding`);
              }
              expect(problems).toEqual([]);
            });
          }
        }
      }
    });
  }

  it('a check does not exist before its first version (its fail pods pass the level)', () => {
    const problems: string[] = [];
    for (const fixtures of FIXTURES) {
      const first = fixtures.generators[0]!;
      if (first.since === 0) continue;
      const minor = first.since - 1;
      for (const level of ['baseline', 'restricted'] as const) {
        if (fixtures.level === 'restricted' && level === 'baseline') continue;
        for (const patch of first.fail) {
          const found = evaluate(buildPod(minimalSpec(level, 'neutral', minor), patch), level, minor).filter(
            (f) => f.ruleId === fixtures.rule,
          );
          if (found.length > 0)
            problems.push(
              `${fixtures.check} at v1.${minor}: "${patch.name}" raised ${JSON.stringify(summary(found))}`,
            );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('pod-carrying kinds are judged like the pod (Deployment template)', () => {
    const problems: string[] = [];
    for (const fixtures of FIXTURES) {
      const minor = 35;
      for (const level of ['baseline', 'restricted'] as const) {
        if (fixtures.level === 'restricted' && level === 'baseline') continue;
        const generator = generatorAt(fixtures, minor)!;
        for (const patch of generator.fail) {
          const pod = buildPod(minimalSpec(level, 'neutral', minor), patch);
          const deployment = {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'd', namespace: 'test' },
            spec: {
              selector: { matchLabels: { app: 'a' } },
              template: {
                metadata: { labels: { app: 'a' }, annotations: (pod.metadata as Obj).annotations },
                spec: pod.spec,
              },
            },
          };
          const rule = expectedRule(fixtures, level, minor);
          if (!evaluate(deployment, level, minor).some((f) => f.ruleId === rule))
            problems.push(
              `${level} ${fixtures.check}: "${patch.name}" raised no ${rule} finding in a Deployment`,
            );
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('PSA check registration', () => {
  const pssRules = builtinRules.filter(
    (rule) => (rule.references.pss ?? []).length > 0 || rule.id.startsWith('pss-'),
  );

  it('every PSA check id is referenced by exactly one rule, at its level', () => {
    const problems: string[] = [];
    for (const [check, level] of Object.entries(PSA_CHECKS)) {
      const owners = pssRules.filter((rule) => (rule.references.pss ?? []).includes(`${level}:${check}`));
      if (owners.length !== 1)
        problems.push(
          `${level}:${check} is referenced by ${owners.length} rules (${owners.map((r) => r.id).join(', ')})`,
        );
    }
    expect(problems).toEqual([]);
  });

  it('every references.pss entry names a registered PSA check at its level', () => {
    const known = new Set(Object.entries(PSA_CHECKS).map(([check, level]) => `${level}:${check}`));
    const unknown = pssRules.flatMap((rule) =>
      (rule.references.pss ?? []).filter((ref) => !known.has(ref)).map((ref) => `${rule.id}: ${ref}`),
    );
    expect(unknown).toEqual([]);
  });

  it('every pss-* rule declares the pssLevel of the check it implements', () => {
    const problems: string[] = [];
    for (const rule of builtinRules.filter((r) => r.id.startsWith('pss-'))) {
      const levels = new Set((rule.references.pss ?? []).map((ref) => ref.split(':')[0]));
      if (levels.size !== 1 || rule.pssLevel === undefined || !levels.has(rule.pssLevel))
        problems.push(
          `${rule.id}: pssLevel ${String(rule.pssLevel)}, references ${JSON.stringify(rule.references.pss)}`,
        );
    }
    expect(problems).toEqual([]);
  });

  it('the fixture table covers every PSA check and maps it to the referencing rule', () => {
    expect(FIXTURES.map((f) => f.check).sort()).toEqual(Object.keys(PSA_CHECKS).sort());
    for (const fixtures of FIXTURES) {
      const rule = builtinRules.find((r) => r.id === fixtures.rule);
      expect(rule?.references.pss).toContain(`${fixtures.level}:${fixtures.check}`);
    }
  });

  it('restricted-only rules never run under --profile baseline', () => {
    const restrictedRules = PSS_RULES.filter((active) => active.rule.pssLevel === 'restricted').map(
      (active) => active.rule.id,
    );
    expect(restrictedRules.length).toBeGreaterThan(0);
    // A pod that fails every restricted check (and no baseline one).
    const pod = buildPod(BASELINE_1_0, {
      name: 'fails restricted',
      sc: { runAsNonRoot: false, runAsUser: 0, seccompProfile: { type: 'Unconfined' } },
      cSc: { allowPrivilegeEscalation: true, capabilities: { add: ['CHOWN'] }, procMount: 'Unmasked' },
      spec: { volumes: [{ name: 'nfs', nfs: { server: 'x', path: '/' } }] },
    });
    for (const minor of [0, 22, 25, 34, 35]) {
      const ruleIds = new Set(evaluate(pod, 'baseline', minor).map((f) => f.ruleId));
      expect(restrictedRules.filter((id) => ruleIds.has(id))).toEqual([]);
      const restrictedIds = new Set(evaluate(pod, 'restricted', minor).map((f) => f.ruleId));
      expect(restrictedIds.size).toBeGreaterThan(0);
    }
  });
});
