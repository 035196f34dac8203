import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SETTINGS, SETTING_LIST } from '../../src/contract';
import { buildSettings } from '../../src/settings';

const from = (values: Record<string, unknown>) => (key: string) => values[key];

describe('buildSettings', () => {
  it('gives the defaults the server expects when nothing is set', () => {
    assert.deepEqual(buildSettings(from({})), {
      settings: {
        lint: { skip: [] },
        docker: { host: '' },
        build: { context: '', tag: '', args: {}, noCache: false, builder: 'auto' },
        run: { bindAddress: '127.0.0.1', ports: {}, env: {}, volumes: {} },
        registry: { default: '' },
        k8s: { clusterName: 'lab', nodeImage: '', kindConfig: '', ingressImage: 'traefik:v3.6' },
        buildInsight: { enabled: true },
        compose: { actionLenses: true },
      },
      problems: [],
    });
  });

  it('passes every setting on in the server shape', () => {
    const { settings, problems } = buildSettings(from({
      'lint.skip': ['MaintainerDeprecated', ' StageNameCasing '],
      'docker.host': ' tcp://127.0.0.1:2375 ',
      'build.context': '..',
      'build.tag': 'todo:dev',
      'build.args': { NODE_VERSION: '20' },
      'build.noCache': true,
      'build.builder': 'classic',
      'run.bindAddress': '0.0.0.0',
      'run.ports': { '3000': 8080, '9229/TCP': '9230' },
      'run.env': { NODE_ENV: 'development' },
      'run.volumes': { 'todo-db': '/etc/todos' },
      'registry.default': ' 127.0.0.1:5000/getting-started:1.0 ',
      'k8s.clusterName': ' lab2 ',
      'k8s.nodeImage': 'kindest/node:v1.37.2-offline',
      'k8s.kindConfig': '/lab/kind.yaml',
      'k8s.ingressImage': 'dockerlab.local/traefik:t1',
    }));
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, {
      lint: { skip: ['MaintainerDeprecated', 'StageNameCasing'] },
      docker: { host: 'tcp://127.0.0.1:2375' },
      build: { context: '..', tag: 'todo:dev', args: { NODE_VERSION: '20' }, noCache: true, builder: 'classic' },
      run: { bindAddress: '0.0.0.0', ports: { '3000': 8080, '9229/tcp': 9230 }, env: { NODE_ENV: 'development' }, volumes: { 'todo-db': '/etc/todos' } },
      registry: { default: '127.0.0.1:5000/getting-started:1.0' },
      k8s: { clusterName: 'lab2', nodeImage: 'kindest/node:v1.37.2-offline', kindConfig: '/lab/kind.yaml', ingressImage: 'dockerlab.local/traefik:t1' },
      buildInsight: { enabled: true },
      compose: { actionLenses: true },
    });
  });

  it('turns unquoted numbers and booleans into the strings Docker takes', () => {
    const { settings, problems } = buildSettings(from({ 'build.args': { N: 18, DEBUG: false }, 'run.env': { PORT: 3000 } }));
    assert.deepEqual(settings.build.args, { N: '18', DEBUG: 'false' });
    assert.deepEqual(settings.run.env, { PORT: '3000' });
    assert.deepEqual(problems, []);
  });

  it('leaves out values of the wrong type and says which', () => {
    const { settings, problems } = buildSettings(from({
      'lint.skip': 'MaintainerDeprecated',
      'docker.host': 5,
      'build.noCache': 'yes',
      'build.args': { OK: 'x', BAD: { nested: true }, 'A=B': 'y' },
      'run.bindAddress': ['127.0.0.1'],
      'run.ports': { '3000': 0, web: 80, '80': 'eighty', '443': 8443 },
      'run.env': 'NODE_ENV=production',
    }));
    assert.deepEqual(settings, {
      lint: { skip: [] },
      docker: { host: '' },
      build: { context: '', tag: '', args: { OK: 'x' }, noCache: false, builder: 'auto' },
      run: { bindAddress: '127.0.0.1', ports: { '443': 8443 }, env: {}, volumes: {} },
      registry: { default: '' },
      k8s: { clusterName: 'lab', nodeImage: '', kindConfig: '', ingressImage: 'traefik:v3.6' },
      buildInsight: { enabled: true },
      compose: { actionLenses: true },
    });
    assert.equal(problems.length, 10);
    assert.ok(problems.every((p) => p.startsWith('dockerlab.')), problems.join('\n'));
  });

  it('serializes to the JSON the server decodes', () => {
    const json = JSON.parse(JSON.stringify(buildSettings(from({ 'run.ports': { '3000': 3001 } })).settings));
    assert.equal(json.run.ports['3000'], 3001);
    assert.equal(json.build.noCache, false);
  });

  it('sends every server setting of the declaration, at its path, and no setting of the extension alone', () => {
    const json = buildSettings(from({})).settings as unknown as Record<string, Record<string, unknown>>;
    for (const spec of SETTING_LIST) {
      const [group, name] = spec.key.split('.');
      assert.equal(spec.server, json[group] !== undefined && name in json[group], spec.id);
    }
    assert.equal(json.run.bindAddress, SETTINGS.runBindAddress.default);
    assert.equal(json.build.builder, SETTINGS.buildBuilder.default);
  });
});
