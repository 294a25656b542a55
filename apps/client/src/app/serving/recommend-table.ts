import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { RecommendResponse } from '@llm-calc/contracts';
import { DurationPipe, TokensPerSecondPipe, UsdPipe } from '../shared/format.pipes';

/**
 * The recommend answer as a table, cheapest first with the best row highlighted, and the rejected
 * configurations with their reasons. Self-contained (one input) so that another page (the compare
 * page's "at load" mode) can embed it.
 */
@Component({
  selector: 'app-recommend-table',
  imports: [UsdPipe, DurationPipe, TokensPerSecondPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let r = result();
    @if (r.options.length === 0) {
      <p class="empty" data-testid="recommend-empty">No deployment meets the SLA under this workload.</p>
    } @else {
      <p class="caption">Deployments that meet the SLA, cheapest first ({{ r.options.length }} of {{ r.searched }} configurations)</p>
      <div class="table-wrap">
        <table data-testid="recommend-table" aria-label="Deployments that meet the SLA, cheapest first">
          <thead>
            <tr>
              <th scope="col">Deployment</th>
              <th scope="col" class="opt">GPUs</th>
              <th scope="col">$/hour</th>
              <th scope="col" class="opt">$/M input</th>
              <th scope="col">$/M output</th>
              <th scope="col">TTFT p90</th>
              <th scope="col">TPOT p90</th>
              <th scope="col" class="opt">Output tok/s</th>
            </tr>
          </thead>
          <tbody>
            @for (o of r.options.slice(0, limit()); track $index; let first = $first) {
              <tr [class.best]="first" [attr.data-testid]="first ? 'recommend-best' : null">
                <th scope="row" [attr.title]="o.name">
                  {{ o.gpu }} · {{ o.precision }} · TP {{ o.tensor_parallel }} × {{ o.replicas }}
                  @if (o.runtime !== 'roofline') {
                    · {{ o.runtime }}
                  }
                  @if (first) {
                    <span class="badge">Cheapest</span>
                  }
                </th>
                <td class="opt">{{ o.num_gpus }}</td>
                <td>{{ o.cost.cost_per_hour | usd }}</td>
                <td class="opt">{{ o.cost.cost_per_million_input_tokens | usd }}</td>
                <td>{{ o.cost.cost_per_million_output_tokens | usd }}</td>
                <td>{{ o.latency.ttft_seconds.p90 | duration }}</td>
                <td>{{ o.latency.tpot_seconds.p90 | duration }}</td>
                <td class="opt">{{ o.throughput.output_tokens_per_second | tokensPerSecond }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      @if (r.options.length > limit()) {
        <p class="more">{{ r.options.length - limit() }} more in the CSV/JSON export.</p>
      }
    }
    @if (r.rejected.length > 0) {
      <details class="rejected" data-testid="recommend-rejected">
        <summary>{{ r.rejected.length }} configurations rejected, and why</summary>
        <ul>
          @for (x of r.rejected; track $index) {
            <li>
              <strong
                >{{ x.name }} {{ x.precision }}
                @if (x.tensor_parallel) {
                  TP {{ x.tensor_parallel }}
                }</strong
              >: {{ x.reason }} — {{ x.detail }}
            </li>
          }
        </ul>
      </details>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .table-wrap {
      overflow-x: auto;
    }
    table {
      border-collapse: collapse;
      inline-size: 100%;
      font: var(--mat-sys-body-medium);
    }
    .caption {
      margin-block: 0 8px;
      font: var(--mat-sys-title-small);
    }
    /* On a phone: the deployment, its hourly and output-token cost and the two latencies (the rest is in the exports). */
    @media (max-width: 600px) {
      .opt {
        display: none;
      }
    }
    th,
    td {
      padding: 6px 6px;
      border-block-end: 1px solid var(--mat-sys-outline-variant);
      text-align: end;
      white-space: nowrap;
    }
    th[scope='row'],
    thead th:first-child {
      text-align: start;
      white-space: normal;
      min-inline-size: 9em;
    }
    thead th {
      white-space: normal;
      vertical-align: bottom;
    }
    tr.best {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .badge {
      display: inline-block;
      margin-inline-start: 6px;
      padding: 0 6px;
      border-radius: 8px;
      font: var(--mat-sys-label-small);
      background: var(--mat-sys-primary);
      color: var(--mat-sys-on-primary);
    }
    .empty,
    .more {
      color: var(--mat-sys-on-surface-variant);
    }
    .rejected {
      margin-block-start: 12px;
      font: var(--mat-sys-body-small);
    }
    .rejected ul {
      max-block-size: 240px;
      overflow-y: auto;
      padding-inline-start: 18px;
    }
  `,
})
export class RecommendTable {
  readonly result = input.required<RecommendResponse>();
  readonly limit = input(15);
}
