// kube_status.ts reads the server's `dockerlab/kubeContext` notification and decides what the
// Kubernetes status bar item says: the kubeconfig's current context and, once dockerlab asked the
// cluster, how many of its nodes are Ready. No vscode import: the unit tests run it on Node.

import { COMMANDS, KubeContextParams, NOTIFICATIONS } from './contract';
import type { Translator } from './locale';

/** The item's text (with a codicon) and Markdown tooltip; hidden when there is no context. */
export interface KubeView {
  visible: boolean;
  text: string;
  tooltip: string;
  warning: boolean;
}

/** parseKubeContext reads the notification's params; undefined when they are not its shape. */
export function parseKubeContext(raw: unknown): KubeContextParams | undefined {
  return NOTIFICATIONS.kubeContext.decode(raw);
}

/** The commands the tooltip links to. */
export const KUBE_TOOLTIP_COMMANDS = [COMMANDS.k8sCreateCluster.id, COMMANDS.k8sDeleteCluster.id];

/** kubeView decides what the item shows for the server's last word. */
export function kubeView(p: KubeContextParams | undefined, l10n: Translator): KubeView {
  const explain = [
    l10n.t('A **cluster** is the set of computers (**nodes**) Kubernetes manages as one; kind makes each node a Docker container.'),
    l10n.t('**kubeconfig** (`~/.kube/config`, or the files in `KUBECONFIG`) holds the clusters\' addresses and credentials under names called **contexts**; kubectl and dockerlab act on the current context.'),
  ].join('\n\n');
  const create = `[${l10n.t('Create a kind cluster')}](command:${COMMANDS.k8sCreateCluster.id})`;
  if (!p || p.context === '') {
    return { visible: false, text: '', tooltip: `${explain}\n\n${create}`, warning: false };
  }
  const lines = [l10n.t('Kubernetes context: `{0}`', p.context)];
  let text = `$(cloud) ${p.context}`;
  let warning = false;
  if (p.nodesKnown) {
    const nodes = p.nodes ?? [];
    const ready = nodes.filter((n) => n.ready).length;
    if (nodes.length === 0) {
      warning = true;
      text += ` · ${l10n.t('no answer')}`;
      lines.push(l10n.t('The cluster did not answer.') + (p.message ? ` ${l10n.t('Cause: {0}', p.message)}` : ''));
    } else {
      warning = ready < nodes.length;
      text += ` · ${l10n.t('nodes {0}/{1} Ready', ready, nodes.length)}`;
      for (const n of nodes) {
        lines.push(`- \`${n.name}\`: ${n.ready ? 'Ready' : 'NotReady'}${n.version ? ` (${n.version})` : ''}`);
      }
    }
  }
  lines.push('', explain);
  if (p.cluster) {
    lines.push('', `[${l10n.t('Delete the kind cluster {0}', p.cluster)}](command:${COMMANDS.k8sDeleteCluster.id})`);
  } else {
    lines.push('', create);
  }
  return { visible: true, text, tooltip: lines.join('\n'), warning };
}
