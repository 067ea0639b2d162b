extension HTMLReport {
    /// The page's Mustache template: inline CSS, no script, nothing fetched.
    static let template = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>satune report: {{experiment}}</title>
        <style>
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1000px;
        color: #222; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
        table { border-collapse: collapse; font-size: 0.85em; }
        th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: right; }
        th { background: #f2f2f2; } td:first-child, td:nth-child(2), td:nth-child(3) { text-align: left; }
        td.num { text-align: right; } td.changed { background: #fde9c8; font-weight: bold; }
        pre { background: #f7f7f7; padding: 1em; overflow-x: auto; }
        .meta, .caption { color: #444; }
        .partial { background: #fff3cd; border: 1px solid #e0c060; padding: 0.6em 1em; }
        .missing { background: #f2f2f2; border-left: 4px solid #999; padding: 0.5em 1em; }
        .scroll { overflow-x: auto; margin: 0.8em 0; }
        figure { margin: 1em 0; } svg { max-width: 100%; height: auto; }
        nav ol { columns: 2; font-size: 0.9em; }
        @media print { body { max-width: none; margin: 0; } section, figure, table { break-inside: avoid; }
        .scroll { overflow: visible; } a { color: inherit; text-decoration: none; } }
        </style>
        </head>
        <body>
        <h1>satune report: {{experiment}}</h1>
        {{#partial}}<p class="partial"><strong>Partial results:</strong> {{partial}}.</p>{{/partial}}
        {{#warnings}}<p class="partial"><strong>Measurement warning:</strong> {{.}}.</p>
        {{/warnings}}
        <p class="meta">{{trials}} evaluations; seeds {{seeds}}; budget {{budget}} evaluations per run after the default
        configuration (step 0).</p>
        <nav><ol>
        {{#figures}}<li><a href="#{{id}}">F{{number}}. {{title}}</a></li>
        {{/figures}}<li><a href="#statistics">Statistics: summary, paired comparisons, noise floor</a></li>
        </ol></nav>
        {{#figures}}
        <section id="{{id}}">
        <h2>F{{number}}. {{title}}</h2>
        <p class="caption">{{caption}}</p>
        {{#missing}}<p class="missing">{{missing}}</p>{{/missing}}
        {{#parts}}<figure>{{{.}}}</figure>
        {{/parts}}
        </section>
        {{/figures}}
        <h2 id="statistics">Summary at the final step</h2>
        <p class="meta">Medians over seeds with 95% percentile-bootstrap intervals (10,000 resamples). Improvement is
        over each
        run's measured default, in percent (positive is better). Evaluations to 90/95/99% of the best known improvement:
        medians over runs, "-" where over half never got there. All columns are in <code>summary.csv</code>; every
        evaluation is in <code>trials.csv</code>.</p>
        <div style="overflow-x:auto"><table>
        <tr><th>environment</th>
        <th>agent</th>
        <th>objective</th>
        <th>seeds</th>
        <th>default (median)</th>
        <th>recommended at the end [95% CI]</th>
        <th>improvement % [95% CI]</th>
        {{#remeasure}}<th>re-measured improvement % [95% CI]</th>{{/remeasure}}<th>normalized regret [95% CI]</th>
        <th>evaluations to 90/95/99%</th>
        <th>failed evaluations</th>
        <th>noise floor</th></tr>
        {{#summaryRows}}<tr><td>{{environment}}</td>
        <td>{{agent}}</td>
        <td>{{objective}}</td>
        <td>{{seeds}}</td>
        <td>{{default}}</td>
        <td>{{final}}</td>
        <td>{{improvement}}</td>{{#remeasure}}<td>{{remeasured}}</td>{{/remeasure}}<td>{{regret}}</td>
        <td>{{evals}}</td>
        <td>{{failed}}</td>
        <td>{{noise}}</td></tr>
        {{/summaryRows}}
        </table></div>
        {{#remeasure}}<p class="meta">Re-measured: after each run the default and the final incumbent were each
        measured {{remeasure}} more times,
        interleaved; the improvement of their medians removes the winner's curse of picking the best of many noisy
        measurements.</p>{{/remeasure}}
        <h2>Paired comparisons</h2>
        <p class="meta">Per environment and pair of agents, over the seeds both completed (the agents faced the same
        noise on a
        seed): wins of each, the median difference of the runs' final recommendations (a - b: their noise-free normalized
        regret where the optimum is known, else their objective in its unit), and the two-sided
        Wilcoxon signed-rank p-value (exact for up to 25 seeds without ties, else the normal approximation). Every pair
        is in
        <code>pairwise.csv</code>.</p>
        <div style="overflow-x:auto"><table>
        <tr><th>environment</th>
        <th>agent a</th>
        <th>agent b</th>
        <th>seeds</th>
        <th>wins a : b</th>
        <th>median a - b</th>
        <th>Wilcoxon p</th>
        <th>p &lt; 0.05</th></tr>
        {{#pairwiseRows}}<tr><td>{{environment}}</td>
        <td>{{a}}</td>
        <td>{{b}}</td>
        <td>{{n}}</td>
        <td>{{wins}}</td>
        <td>{{difference}}</td>
        <td>{{p}}</td>
        <td>{{significant}}</td></tr>
        {{/pairwiseRows}}
        </table></div>
        {{#hasFailures}}<h2>Failed evaluations</h2>
        <p class="meta">Why evaluations failed, per environment, by kind (the reason up to its first colon), with one
        full reason as an example; each failed evaluation's reason is in the <code>failure_reason</code> column of
        <code>trials.csv</code>.</p>
        <div style="overflow-x:auto"><table>
        <tr><th>environment</th>
        <th>kind</th>
        <th>example</th>
        <th>evaluations</th></tr>
        {{#failureRows}}<tr><td>{{environment}}</td>
        <td>{{kind}}</td>
        <td>{{example}}</td>
        <td>{{count}}</td></tr>
        {{/failureRows}}
        </table></div>
        {{/hasFailures}}<h2>Noise floor</h2>
        <p class="meta">The coefficient of variation of repeated measurements of the default configuration: improvements
        smaller than a few times this are within the measurement noise.</p>
        <table><tr><th>environment</th>
        <th>CV of the default</th>
        <th>measured from</th></tr>
        {{#noiseRows}}<tr><td>{{environment}}</td>
        <td>{{cv}}</td>
        <td>{{how}}</td></tr>{{/noiseRows}}
        </table>
        <h2>Manifest</h2>
        <pre>{{manifest}}</pre>
        <h2>Provenance</h2>
        <ul class="meta">{{#provenance}}<li>{{.}}</li>{{/provenance}}</ul>
        </body>
        </html>
        """
}
