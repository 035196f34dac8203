import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../src/contract';
import { kubeView, parseKubeContext } from '../../src/kube_status';
import { english, korean } from './translators';

describe('kubeView', () => {
  const view = (raw: unknown, l10n = korean) => kubeView(parseKubeContext(raw), l10n);

  it('hides the item without a context, and offers to create a cluster', () => {
    const v = view({ context: '', nodesKnown: false });
    assert.equal(v.visible, false);
    assert.ok(v.tooltip.includes(`command:${COMMANDS.k8sCreateCluster.id}`));
    assert.equal(view(undefined).visible, false);
    assert.equal(parseKubeContext('x'), undefined);
  });

  it('shows the context, explains cluster, node, context and kubeconfig, and offers to delete a kind cluster', () => {
    const v = view({ context: 'kind-lab', cluster: 'lab', nodesKnown: false });
    assert.deepEqual([v.visible, v.text, v.warning], [true, '$(cloud) kind-lab', false]);
    for (const word of ['Kubernetes 컨텍스트: `kind-lab`', '**클러스터**', '**노드**', '**kubeconfig**', '**컨텍스트**', `command:${COMMANDS.k8sDeleteCluster.id}`, 'kind 클러스터 삭제: lab']) {
      assert.ok(v.tooltip.includes(word), word);
    }
    const other = view({ context: 'eks-course', nodesKnown: false });
    assert.ok(!other.tooltip.includes(COMMANDS.k8sDeleteCluster.id), 'a cluster dockerlab did not make is never offered for deletion');
  });

  it('counts the Ready nodes, and warns when one is not or the cluster did not answer', () => {
    const ready = view({ context: 'kind-lab', cluster: 'lab', nodesKnown: true, nodes: [{ name: 'lab-control-plane', ready: true, version: 'v1.37.2' }] });
    assert.deepEqual([ready.text, ready.warning], ['$(cloud) kind-lab · 노드 1/1 Ready', false]);
    assert.ok(ready.tooltip.includes('- `lab-control-plane`: Ready (v1.37.2)'));
    const half = view({ context: 'c', nodesKnown: true, nodes: [{ name: 'a', ready: true }, { name: 'b', ready: false }] }, english);
    assert.deepEqual([half.text, half.warning], ['$(cloud) c · nodes 1/2 Ready', true]);
    const gone = view({ context: 'c', nodesKnown: true, message: 'connection refused' });
    assert.equal(gone.warning, true);
    assert.ok(gone.tooltip.includes('클러스터가 응답하지 않았습니다. 원인: connection refused'), gone.tooltip);
  });
});
