import { createRequire } from 'node:module';
import type * as LezerPromql from '@prometheus-io/lezer-promql' with {
  'resolution-mode': 'import',
};

// The package ships CommonJS (dist/index.cjs) but declares its types as an ES module, which a
// CommonJS file may only import for types.
const { parser } = createRequire(__filename)('@prometheus-io/lezer-promql') as typeof LezerPromql;

export interface ParsedPromql {
  errors: string[];
  metrics: string[];
}

/** Parses PromQL with Prometheus' own lezer grammar; returns syntax errors and metric names. */
export function parsePromql(expr: string): ParsedPromql {
  const errors: string[] = [];
  const metrics: string[] = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) {
        errors.push(`syntax error at ${node.from}: "${expr.slice(node.from, node.from + 20)}"`);
      }
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') {
        metrics.push(expr.slice(node.from, node.to));
      }
    },
  });
  return { errors, metrics };
}

/** Grafana's template variables replaced by values Prometheus accepts. */
export const expandGrafanaVariables = (expr: string): string =>
  expr
    .replaceAll('$__rate_interval', '5m')
    .replaceAll('$__range', '1h')
    .replaceAll('$__interval', '1m')
    .replace(/\$\{?service\}?/g, '.*');

/** A histogram's series (`_bucket`, `_sum`, `_count`) belong to the declared metric. */
export const baseMetricName = (series: string): string =>
  series.replace(/_(bucket|sum|count)$/, '');
