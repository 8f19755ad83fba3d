/**
 * Groups scenarios into sets that may share one CLI run: one run is one app, and the app-wide
 * identity and one-writer checks (src/common/_ownership.ts) refuse two releases that render one
 * cluster-wide object (the NFS class) or share a release name, namespace or metastore.
 */
import { App, Testing } from 'cdk8s';
import { Scenario } from './scenarios';
import { MilvusClusterChart } from '../../src';
import { ownershipProblems } from '../../src/common/_ownership';

/** First fit: each scenario joins the first set it does not conflict with. */
export function conflictFreeBatches(scenarios: Scenario[]): Scenario[][] {
  const batches: Array<{ app: App; items: Scenario[] }> = [];
  for (const scenario of scenarios) {
    const fits = batches.find(b => {
      const chart = new MilvusClusterChart(b.app, `s${b.items.length}`, scenario.props);
      if (ownershipProblems(b.app).length === 0) { return true; }
      b.app.node.tryRemoveChild(chart.node.id);
      return false;
    });
    if (fits) {
      fits.items.push(scenario);
    } else {
      const app = Testing.app();
      new MilvusClusterChart(app, 's0', scenario.props);
      batches.push({ app, items: [scenario] });
    }
  }
  return batches.map(b => b.items);
}
