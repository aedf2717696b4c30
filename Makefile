# Switchboard developer commands (GNU make). A fresh machine needs python3 >= 3.11, make, git.
#   make run    set up, seed the demo tenant, serve (embedded defaults: SQLite in ./var, offline model)
#   make test   set up, lint, type-check, run the tests and the forecast backtest

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The install is redone when pyproject.toml or the set of packages changes (the editable
# install maps each package when it is installed); their checksum names the stamp file.
DEPS_HASH := $(shell { cat pyproject.toml; find . -path ./$(VENV) -prune -o -name __init__.py \
	-print | LC_ALL=C sort; } | cksum | cut -d' ' -f1)
STAMP := $(VENV)/.installed-$(DEPS_HASH)

.PHONY: help setup run demo test lint format clean bench

help:
	@echo "make setup   create .venv and install Switchboard with its dev tools"
	@echo "make run     build the web app, seed the demo tenant (SQLite in ./var), print a key, serve :8000/app/"
	@echo "make demo    seed, then run each department's playbook from the command line"
	@echo "make test    ruff, mypy, pytest and the forecast backtest eval"
	@echo "make lint    ruff check, ruff format --check, mypy"
	@echo "make format  apply ruff's fixes and formatting"
	@echo "make clean   remove caches and ./var (keeps .venv)"
	@echo "make bench   benchmarks: supervisor, checkpoint growth, serving, CPU per run, usage handler, SSE sends, recovery check, run event log, limits, delivery, stream bytes, router, schedules, long requests"

setup: $(STAMP)

$(STAMP):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

run: setup web/dist/index.html
	$(BIN)/switchboard seed --demo --reset
	$(BIN)/switchboard db upgrade
	@echo "API key for tenant 'demo' (send it as 'Authorization: Bearer <key>'):"
	@$(BIN)/switchboard keys create --tenant demo --name make-run --role admin | tail -n 1
	@echo "Open http://127.0.0.1:8000/app/ and sign in with that key (API docs: /docs)."
	$(BIN)/switchboard serve

# The browser app (web/): npm ci when the lock file changes, vite build when a source does.
WEB_SOURCES := $(shell find web/src web/server -type f 2>/dev/null) web/index.html \
	web/vite.config.ts web/tsconfig.json web/package.json

web/node_modules/.package-lock.json: web/package-lock.json
	npm --prefix web ci --no-audit --no-fund

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	npm --prefix web run build

demo: setup
	$(BIN)/switchboard seed --demo --reset
	$(BIN)/switchboard db upgrade
	$(BIN)/switchboard run "Run a sponsor outreach campaign for the upcoming conference"
	$(BIN)/switchboard run "Optimise the marketing campaigns"
	$(BIN)/switchboard run "Run the daily operations check"
	$(BIN)/switchboard run "Hi, I want a refund for order ORD-10501, I cannot come anymore"
	$(BIN)/switchboard run "Give me the daily insights"
	$(BIN)/switchboard run "Research brief on Acme Cloud"
	$(BIN)/switchboard approvals

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# pytest runs the test files in PYTEST_WORKERS processes (pytest-xdist), a whole file per
# worker (--dist loadfile: a module's shared servers and database start once). Most of a
# test's time is spent waiting on the processes it starts, so two workers keep both of a
# 2-core machine's cores busy. The tests are isolated from each other: scratch databases
# and Redis prefixes carry random names, servers take free ports, files go to tmp_path.
# Files are handed out in collection order, tests/browser last (tests/conftest.py).
PYTEST_WORKERS ?= 2

test: lint web/dist/index.html
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist loadfile
	$(BIN)/python -m evals.forecast_backtest
	@echo 'Routing sets in one process (the router loads once), each against its own floor: the tuned set; then'
	@echo '  dev (written before tuning, then tuned on; floor 0.95); dev2 (240 requests written before tuning, then tuned on; 0.92);'
	@echo '  dev3 (150 requests: terse, rambling, role-play, jargon, es/fr/de; written before tuning at 87.3%, then tuned on; 0.90);'
	@echo '  dev4 (99 requests: forwarded notes, voice hedging, bullets, role openers, negations; 89.9% when written, not tuned on; 0.88);'
	@echo '  dev5 (120 requests: rambling context, a withdrawn first ask, typos, es/fr/de, pronouns, numbers and dates in words, initials; 79.2% when written, then tuned on; 0.93);'
	@echo '  dev6 (120 requests: meeting-note fragments, forwarded threads, trailing pleasantries, mixed-language, 2-4 word asks, other departments'"'"' objects as context; 81.7% when written, then tuned on; 0.83);'
	@echo '  dev7 (120 requests: company names holding department words, other departments'"'"' objects as context, short imperatives, typos, es/fr/de, history/status questions; 84.2% when written, then tuned on; 0.85);'
	@echo '  dev8 (150 requests on department borderlines: research/sales, research/analytics, support/operations, marketing/sales, operations/analytics, headings and wrappers, forwards, es/fr/de, typos; 84.7% when written, then tuned on; 0.90);'
	@echo '  dev9 (200 requests, the six departments evenly with their borderlines, terse/chatty/indirect/misspelt, 36 es/fr/de, 20 two-department; 93.5% when written, not tuned on: the router changed by method only (smoothed targets), 93.5% after; 0.90);'
	@echo '  dev10 (200 requests, the six departments evenly with their borderlines, everyday words (headcount, payout, swag, estimate attendance), negations, 48 es/fr/de or mixed, 20 two-department; 93.0% when written, then: training phrasings of general vocabulary and the planner'"'"'s content cut-off chosen by cross-validation, 95.5%; 0.94);'
	@echo '  dev11 (160 requests: 90 two-department and 20 three-department requests joined by and/also/then/commas/sentences/while you'"'"'re at it, a stated problem plus an ask, 26 es/fr/de; 50 single-department controls with other departments'"'"' nouns as context; 76.2% when written, then tuned on by clause structure: added items, statements about someone new, questions and listed imperatives of their own, subordinate clauses as context, 87.5%; 0.87);'
	@echo '  dev12 (154 requests: 104 that name the demo tenant'"'"'s records with little department vocabulary - vendors, deliverables, campaigns, deal companies, contacts, attendees and ticket buyers, orders, knowledge-base articles; terse, casual, misspelt, 29 es/fr/de - and 50 controls where a record'"'"'s name is only context; 63.0% when written, then the router was given the tenant'"'"'s record names typed by kind (a soft prior toward a name'"'"'s department on texts with no department keyword, ambiguous names read as nothing), 84.4%; 0.82);'
	@echo '  dev13 (152 requests, the six departments evenly: vague questions about a company where what is asked decides research or sales, indirect asks (my boss keeps asking...), chatty requests whose small talk names another department, negated clauses naming a department that must not lead, loanwords and everyday department words (ticket sales, support from the venue), demo record names, 37 es/fr/de, 8 two-department; 82.2% when written, then tuned on by method (the classifier reads a request without the clauses it rules out, sets aside or says it is not about, their names kept; what is asked about a known company or contact - its deal or who they are - decides sales or research; a piece that is only record names heads what follows; praise is small talk; training phrasings of everyday words: slogan, hashtag, flyer, influencers, WLAN, badge pickup, average basket): 96.1%; 0.94);'
	@echo '  every set is routed with the demo tenant'"'"'s record names, built as the service builds them (--without-names: the words alone);'
	@echo '  last the held-out set (never tuned on; a floor against regressions, not a target; 0.88)'
	$(BIN)/python -m evals.routing_eval \
		--file evals/data/routing.jsonl --min-accuracy 0.9 \
		--file evals/data/dev_routing.jsonl --min-accuracy 0.95 \
		--file evals/data/dev2_routing.jsonl --min-accuracy 0.92 \
		--file evals/data/dev3_routing.jsonl --min-accuracy 0.90 \
		--file evals/data/dev4_routing.jsonl --min-accuracy 0.88 \
		--file evals/data/dev5_routing.jsonl --min-accuracy 0.93 \
		--file evals/data/dev6_routing.jsonl --min-accuracy 0.83 \
		--file evals/data/dev7_routing.jsonl --min-accuracy 0.85 \
		--file evals/data/dev8_routing.jsonl --min-accuracy 0.90 \
		--file evals/data/dev9_routing.jsonl --min-accuracy 0.90 \
		--file evals/data/dev10_routing.jsonl --min-accuracy 0.94 \
		--file evals/data/dev11_routing.jsonl --min-accuracy 0.87 \
		--file evals/data/dev12_routing.jsonl --min-accuracy 0.82 \
		--file evals/data/dev13_routing.jsonl --min-accuracy 0.94 \
		--file evals/data/heldout/routing.jsonl --min-accuracy 0.88
	@echo 'Tool-choice sets in one process on one demo database, each against its own floors: the tuned set;'
	@echo '  then the dev set (written before tuning, then tuned on; a floor against regressions);'
	@echo '  the dev2 set (68 cases in the dev5 styles; 0.882 / 0.691 when written, then tuned on);'
	@echo '  the dev3 set (70 cases: ids by name, amounts, dates, periods, group_by, limits, languages; 0.886 / 0.814 when written, then tuned on);'
	@echo '  the dev4 set (70 cases on key arguments: ids from names, amounts, dates/periods, counts, languages, recipients; 0.914 / 0.743 when written, then tuned on);'
	@echo '  last the held-out set (never tuned on; a floor against regressions, not a target)'
	$(BIN)/python -m evals.tool_choice_eval \
		--dataset evals/data/tool_choice.jsonl --min-tool-accuracy 0.85 --min-args-accuracy 0.75 \
		--dataset evals/data/dev_tool_choice.jsonl --min-tool-accuracy 0.9 --min-args-accuracy 0.9 \
		--dataset evals/data/dev2_tool_choice.jsonl --min-tool-accuracy 0.94 --min-args-accuracy 0.94 \
		--dataset evals/data/dev3_tool_choice.jsonl --min-tool-accuracy 0.92 --min-args-accuracy 0.92 \
		--dataset evals/data/dev4_tool_choice.jsonl --min-tool-accuracy 0.89 --min-args-accuracy 0.80 \
		--dataset evals/data/heldout/tool_choice.jsonl --min-tool-accuracy 0.91 --min-args-accuracy 0.85
	@echo 'End-to-end sets in one process, each against its own floor: the tuned set; then dev sets (each written before tuning, then tuned on; floors against regressions):'
	@echo '  B operations, analytics, research, multi-department; A sales, marketing, support; D support, operations, analytics;'
	@echo '  C sales, marketing, research, multi-department; E drafts and "nothing found"/"not proposed" answers in es/fr/de;'
	@echo '  F stated facts (numbers, periods, names, lists) in all six departments; G sales, marketing, support, two-department, es/fr/de;'
	@echo '  H operations, analytics, research and two-department requests (periods, whole lists, negations, es/fr/de);'
	@echo '  I first replies in es/fr/de whose action waits, is denied or is done, with no English status words;'
	@echo '  J sales, marketing, support, two-department, es/fr/de: first names and roles, amounts in words, weekdays, corrections, hypotheticals;'
	@echo '  K operations, analytics, research, three-department, es/fr/de: comparisons, what is left, partial names, "and then" steps;'
	@echo '  L sales, marketing, support, two-department, es/fr/de: quoted replies, lists of contacts/orders, polite refusals, conditions, slang, "did we already...";'
	@echo '  M operations, analytics, research, attendee knowledge-base questions, multi-department, es/fr/de: two periods compared, top/bottom N, shares, agendas, hedged asks, respaced names;'
	@echo '  N sales and two-department with sales, es/fr/de: indirect asks, negations, misspellings, deal status and pipeline questions, meetings, won/lost, amounts in words;'
	@echo '  O support, marketing, two-department, es/fr/de: indirect asks ("a customer says they never got..."), negations ("no need to escalate, just check"), hedged and reported questions, budgets left;'
	@echo '  P operations, analytics, research and es/fr/de in all six departments: indirect asks (worries, impressions, questions passed on), one owner'"'"'s deliverables, parts of a month, whole lists;'
	@echo '  R indirect requests in all six departments, es/fr/de: worries, reports of what someone said, passed-on questions, hints, complaints, "just curious, nothing to do";'
	@echo '  T analytics, marketing, two-department, es/fr/de: periods in words (quarters, a fortnight, "since July"), top/bottom N, forecast vs actual, campaigns compared, other companies'"'"' figures;'
	@echo '  S all six departments, es/fr/de: chatty asks (small talk, thanks, sign-offs), two/three-step and two/three-department requests ("while you'"'"'re at it", "each of them"), negations with scope ("check the refund but don'"'"'t process it");'
	@echo '  U sales, two/three-department (launch phrasings, "then", "once that'"'"'s done", a pronoun pointing at the step before), indirect asks, es/fr/de: named-person outreach, deals won/lost and why, CRM updates, meetings;'
	@echo '  V analytics (periods in words, top/bottom N, shares, forecast vs actual, advice, casual daily asks), negated and chatty requests in all six departments, es/fr/de;'
	@echo '  W sales (partial/misspelt names, one deal'"'"'s stage/close date/probability/lost reason, pipeline totals, outreach, meetings, stage moves, proposals, won/lost), sales negations and list limits ("only above 40k", "leave Acme out"), two-department, es/fr/de; 43.8% when written, then tuned on;'
	@echo '  Y negated and limited requests in all six departments (negation by pronoun, noun, "send nothing", "not this week", "I'"'"'ll do it myself", "anyone except X", es/fr/de), mixed requests (a question and an action, two questions, quoted or code-switched es/fr/de) and un-negated controls; 60.4% when written, then tuned on (87.5%);'
	@echo '  X analytics (half-months, weeks, quarters, "since", gaps to target, top/bottom N, shares, two periods or campaigns compared, casual daily asks, advice, budget spent vs planned), research/operations borderlines, two-department, es/fr/de; 47.9% when written, then tuned on;'
	@echo '  AA marketing, support, operations, research, analytics: negations in forms not in Y ("hold off on", "leave X alone", "skip the email", "nothing external", "draft it but don'"'"'t send", conditionals), indirect asks (reported speech, worries, passed-on questions), chatty asks, es/fr/de; 54.2% when written, then tuned on by method (negations by noun, "left alone", "nothing external"; reported speech; small talk by structure; localised status issues): 68.8%;'
	@echo '  Z sales (people by full name, first name alone or misspelt resolved to their company'"'"'s deal; stage, value, close date, won/lost and why; pipeline totals; nudge/ping/chase/relance outreach and meetings that wait; chatty, indirect "my boss wants to know", negated "don'"'"'t email them yet, just tell me"; 10 es/fr/de) and chatty/indirect asks in the five other departments; 54.2% when written, then tuned on (91.7%);'
	@echo '  Q analytics (two named campaigns compared, derived figures: cost per conversion/click, spend per attendee, revenue per ticket, page views per visit, shares of a budget line), operations (a budget line and a deliverable asked together), mixed requests (question + action, two questions, two departments, an action awaiting approval + a question), es/fr/de; 33.3% when written, then tuned on by method (request parts, ratios from typed results, a read per named campaign; 66.7%);'
	@echo '  DD plain requests, 10 in each department: formal one-sentence asks, terse 2-5 word asks ("pipeline?", "vendor status", "refund ORD-12222"), misspellings, keyword traps (another department'"'"'s word inside the request: tickets in a package question, budget in a proposal, sponsor in a task, campaign in a resend), one es/fr/de each, advice questions and held sends that must not act; 80.0% when written, then tuned on by method (advice and verbless questions ask, the request respelt for the fillers, inflections and German compounds, company names score no tool, past sponsorship, a named campaign over its whole run, namesakes told apart): 96.7%;'
	@echo '  BB the least-covered tools (create_campaign, enrich_lead, list_packages, escalate_issue, optimize_timing, transfer_ticket, escalate_to_human, monitor_ticket_sales, generate_status_report, send_email_campaign, identify_anomalies, find_event_attendance, ab_test, research_contact, verify_email, schedule_post, schedule_meeting, recommend_actions, segment_audience), 2-3 each, formal/terse/casual/misspelt/traps/negated, 9 es/fr/de; 45.8% when written, then tuned on by method (everyday phrasings per tool in es/fr/de: start/launch a new campaign, fill in the blanks, fiable/safe to use, raise it with, write-up, a day that stood out, most urgent things to fix; a later unconditional imperative sentence leads; enum values read as typed; someone posing as us is security, harassment in es/fr/de is safety; a campaign name in quotes; enrich and timing answers state their fields): 85.4%;'
	@echo '  CC questions about a person or company that must read, bare lists of things, es/fr/de names of English budget lines and deliverables, campaign windows from a stated period, conditionals, ratios over a named period; 29.2% when written, then tuned on by method (questions never enrich, bare lists read item by item, an es/fr/de glossary of budget-line and deliverable words, a stated period sets a campaign window, conditionals read what they depend on and act only when it holds, average order value and counted shares): 68.8%;'
	@echo '  EE sales, analytics and the four other departments by the weakest kinds: indirect asks (a worry, a rumour, a question passed on by a boss or sponsor), negations with scope ("leave X as it is", "no proposal yet", "hold off on", a negated send beside an allowed booking), chatty asks (small talk and thanks around the ask), mixed requests (two questions, a question and an action), terse controls, 8 es/fr/de; 68.8% when written, then tuned on by method (statements of not knowing and discourse markers read as questions, a field asked about is never written, deal-end idioms ask the deal'"'"'s state, a report that names no act and gives no command gets a read, praise is small talk, a polite word inside a ruling-out sentence commands nothing, refund rates and targets in es/fr/de, German function words): 87.5%;'
	@echo '  last the held-out set (never tuned on; a floor against regressions, not a target), reported as "E2E held-out set"'
	$(BIN)/python -m evals.e2e_eval \
		--dataset evals/data/e2e.jsonl --min-pass 0.87 \
		--dataset evals/data/dev_e2e_b.jsonl --min-pass 0.93 \
		--dataset evals/data/dev_e2e_a.jsonl --min-pass 0.86 \
		--dataset evals/data/dev_e2e_d.jsonl --min-pass 0.8 \
		--dataset evals/data/dev_e2e_c.jsonl --min-pass 0.81 \
		--dataset evals/data/dev_e2e_e.jsonl --min-pass 0.68 \
		--dataset evals/data/dev_e2e_f.jsonl --min-pass 0.85 \
		--dataset evals/data/dev_e2e_g.jsonl --min-pass 0.7 \
		--dataset evals/data/dev_e2e_h.jsonl --min-pass 0.68 \
		--dataset evals/data/dev_e2e_i.jsonl --min-pass 0.62 \
		--dataset evals/data/dev_e2e_k.jsonl --min-pass 0.34 \
		--dataset evals/data/dev_e2e_j.jsonl --min-pass 0.70 \
		--dataset evals/data/dev_e2e_l.jsonl --min-pass 0.61 \
		--dataset evals/data/dev_e2e_m.jsonl --min-pass 0.45 \
		--dataset evals/data/dev_e2e_n.jsonl --min-pass 0.77 \
		--dataset evals/data/dev_e2e_o.jsonl --min-pass 0.62 \
		--dataset evals/data/dev_e2e_p.jsonl --min-pass 0.72 \
		--dataset evals/data/dev_e2e_r.jsonl --min-pass 0.85 \
		--dataset evals/data/dev_e2e_t.jsonl --min-pass 0.85 \
		--dataset evals/data/dev_e2e_s.jsonl --min-pass 0.81 \
		--dataset evals/data/dev_e2e_u.jsonl --min-pass 0.75 \
		--dataset evals/data/dev_e2e_v.jsonl --min-pass 0.81 \
		--dataset evals/data/dev_e2e_w.jsonl --min-pass 0.83 \
		--dataset evals/data/dev_e2e_y.jsonl --min-pass 0.85 \
		--dataset evals/data/dev_e2e_x.jsonl --min-pass 0.81 \
		--dataset evals/data/dev_e2e_aa.jsonl --min-pass 0.67 \
		--dataset evals/data/dev_e2e_z.jsonl --min-pass 0.91 \
		--dataset evals/data/dev_e2e_q.jsonl --min-pass 0.64 \
		--dataset evals/data/dev_e2e_dd.jsonl --min-pass 0.93 \
		--dataset evals/data/dev_e2e_bb.jsonl --min-pass 0.81 \
		--dataset evals/data/dev_e2e_cc.jsonl --min-pass 0.64 \
		--dataset evals/data/dev_e2e_ee.jsonl --min-pass 0.83 \
		--dataset evals/data/heldout/e2e.jsonl --min-pass 0.76

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist *.egg-info
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +

bench: setup
	$(BIN)/python -m bench.supervisor_vs_baselines
	$(BIN)/python -m bench.hitl_overhead
	$(BIN)/python -m bench.checkpoint_growth
	$(BIN)/python -m bench.serving_overhead
	$(BIN)/python -m bench.langgraph_api_stream
	$(BIN)/python -m bench.run_event_log
	$(BIN)/python -m bench.concurrent_clients
	$(BIN)/python -m bench.run_cpu
	$(BIN)/python -m bench.run_cpu_layers
	$(BIN)/python -m bench.usage_handler
	$(BIN)/python -m bench.sse_sends
	$(BIN)/python -m bench.recovery_check
	$(BIN)/python -m bench.limits_overhead
	$(BIN)/python -m bench.row_security
	$(BIN)/python -m bench.delivery_delay
	$(BIN)/python -m bench.stream_bytes
	$(BIN)/python -m bench.router_embedding
	$(BIN)/python -m bench.long_requests
	$(BIN)/python -m bench.schedule_delay
	$(BIN)/python -m bench.automation_delays
