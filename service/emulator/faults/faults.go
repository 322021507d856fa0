// Package faults is the emulator's fault-injection grammar and plan: it
// parses a spec (latency, error500, throttle, reset, truncate, badjson,
// outage, each for chosen operations) and decides, call by call, what a
// call gets. It knows nothing of HTTP; the emulator applies the decisions
// at the wire.
package faults

import (
	"fmt"
	"math"
	mrand "math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault injection: a spec (Options.Faults, --faults, SetFaults, POST
// /_emulator/faults) makes chosen AWS operations slow or fail the ways
// networks and AWS front ends do, so the dashboard can be tested against
// them. Each rule draws from its own random source seeded from
// Options.Seed, so a seed replays the same outcomes for the same sequence
// of calls; outage windows are counted from when the spec was set, on the
// emulator's clock.

// Help describes the fault grammar, for --faults help.
const Help = `Fault injection: --faults SPEC (AWS operations only; /_emulator/* is never faulted)

  SPEC   = RULE { ";" RULE }            "" or "none" means no faults
  RULE   = KIND "=" VALUE { "/" PARAM } [ "@" OPS ]
  OPS    = OP { "," OP }                an operation name (ListStages), a prefix
                                        ending in * (List*), or * for all calls (the
                                        default; deliveries only when named, Deliver*)

  KIND      VALUE                         what a matching call gets
  latency   DUR or MIN..MAX [/rate=R]     a delay first (uniform in MIN..MAX); with
                                          /rate only that share of calls is delayed
  error500  R                             500 InternalServerException
  throttle  R                             429 ThrottlingException ("Rate exceeded")
  reset     R                             the connection reset (TCP RST), no answer
  truncate  R                             a successful answer's JSON cut short (its
                                          Content-Length matches the cut body)
  badjson   R                             a successful answer replaced by an HTML
                                          error page (200, not JSON)
  outage    DUR [/every=DUR] [/after=DUR] [/as=503|500|reset]
                                          every matching call fails for DUR: once,
                                          AFTER from when the spec was set (default
                                          at once), or in every period of EVERY;
                                          503 ServiceUnavailableException by default

  Pushed events (EventBridge to SQS) are the operations Deliver<detail type>:
  DeliverIVSStageUpdate, DeliverIVSCompositionStateChange,
  DeliverIVSParticipantRecordingStateChange (Deliver* for all).
  latency   as above                      the event reaches the queue that much later
  duplicate R                             the event is delivered twice
  reorder   R                             the event is held back (1-3 s) so later
                                          ones overtake it
  loss      R                             the event never reaches the queue

  R is a probability: 0.05 or 5%.  DUR is a Go duration: 300ms, 2s, 1m30s.
  When several rules hit one call: outage, then reset, throttle, error500;
  truncate before badjson. Each rule draws from its own source seeded from
  --seed, so a seed replays the same outcomes for the same calls.

Examples:
  latency=300ms@ListParticipants;error500=0.1;throttle=20%@ListStages,GetStage
  reset=0.05@List*;truncate=0.02;badjson=0.02
  outage=20s/every=60s/as=reset
  duplicate=5%;reorder=5%;loss=1%;latency=0..2s@Deliver*`

type Kind int

const (
	None Kind = iota
	Latency
	Error500
	Throttle
	Reset
	Truncate
	BadJSON
	Outage
	Duplicate
	Reorder
	Loss
)

var kindNames = map[string]Kind{
	"latency": Latency, "error500": Error500, "throttle": Throttle, "reset": Reset,
	"truncate": Truncate, "badjson": BadJSON, "outage": Outage,
	"duplicate": Duplicate, "reorder": Reorder, "loss": Loss,
}

// deliveryKinds act on the events the emulator pushes to EventBridge
// rules' queues, not on calls; without @OPS they apply to every delivery
// (the operations named Deliver*).
var deliveryKinds = []Kind{Duplicate, Reorder, Loss}

func (k Kind) String() string {
	for name, kind := range kindNames {
		if kind == k {
			return name
		}
	}
	return "none"
}

// How an outage answers: the 503 of an unavailable front end, a 500, or
// connections reset.
var outageModes = []string{"503", "500", "reset"}

// Bounds that keep a spec from hanging a test run by a typo.
const (
	maxLatency  = 10 * time.Minute
	maxDuration = 24 * time.Hour
)

type rule struct {
	text string
	kind Kind
	ops  []string // operation names it applies to, sorted

	rate               float64       // probability; latency's defaults to 1
	minDelay, maxDelay time.Duration // latency
	dur, every, after  time.Duration // outage
	as                 string        // outage: 503, 500 or reset

	rng *mrand.Rand
}

func (r *rule) applies(op string) bool {
	_, ok := slices.BinarySearch(r.ops, op)
	return ok
}

// parse turns a spec into rules, or an error that names the rule and
// what is wrong with it.
func parse(spec string, names []string) ([]*rule, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" || strings.EqualFold(spec, "none") {
		return nil, nil
	}
	var rules []*rule
	for i, text := range strings.Split(spec, ";") {
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		r, err := parseRule(text, names)
		if err != nil {
			return nil, fmt.Errorf("fault rule %d %q: %w (see --faults help)", i+1, text, err)
		}
		rules = append(rules, r)
	}
	return rules, nil
}

func parseRule(text string, names []string) (*rule, error) {
	r := &rule{text: text}
	body, ops, hasOps := strings.Cut(text, "@")
	if strings.Contains(ops, "@") {
		return nil, fmt.Errorf("more than one @")
	}
	parts := strings.Split(body, "/")
	name, value, ok := strings.Cut(parts[0], "=")
	name, value = strings.ToLower(strings.TrimSpace(name)), strings.TrimSpace(value)
	kind, known := kindNames[name]
	switch {
	case !known:
		return nil, fmt.Errorf("unknown fault %q (faults: latency, error500, throttle, reset, truncate, badjson, outage, duplicate, reorder, loss)", name)
	case !ok || value == "":
		return nil, fmt.Errorf("%s needs a value after =", name)
	}
	if !hasOps {
		ops = "*"
		if slices.Contains(deliveryKinds, kind) {
			ops = DeliveryPrefix + "*"
		}
	}
	var err error
	if r.ops, err = parseOps(ops, names); err != nil {
		return nil, err
	}
	r.kind = kind
	params := map[string]string{}
	for _, p := range parts[1:] {
		k, v, ok := strings.Cut(p, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if !ok || k == "" || v == "" {
			return nil, fmt.Errorf("parameter %q is not key=value", p)
		}
		if _, dup := params[k]; dup {
			return nil, fmt.Errorf("parameter %s given twice", k)
		}
		params[k] = v
	}
	allowed := map[Kind][]string{Latency: {"rate"}, Outage: {"every", "after", "as"}}[kind]
	for k := range params {
		if !slices.Contains(allowed, k) {
			if len(allowed) == 0 {
				return nil, fmt.Errorf("%s takes no parameters, not /%s", name, k)
			}
			return nil, fmt.Errorf("%s takes /%s, not /%s", name, strings.Join(allowed, ", /"), k)
		}
	}
	switch kind {
	case Latency:
		err = r.parseLatency(value, params)
	case Outage:
		err = r.parseOutage(value, params)
	default:
		r.rate, err = parseRate(value)
	}
	return r, err
}

func (r *rule) parseLatency(value string, params map[string]string) error {
	lo, hi, isRange := strings.Cut(value, "..")
	var err error
	if r.minDelay, err = parseDuration("latency", lo, true); err != nil {
		return err
	}
	r.maxDelay = r.minDelay
	if isRange {
		if r.maxDelay, err = parseDuration("latency", hi, true); err != nil {
			return err
		}
		if r.maxDelay < r.minDelay {
			return fmt.Errorf("latency range %s is backwards: write MIN..MAX", value)
		}
	}
	if r.maxDelay == 0 {
		return fmt.Errorf("latency must be above 0")
	}
	if r.maxDelay > maxLatency {
		return fmt.Errorf("latency %s is above the limit of %s", r.maxDelay, maxLatency)
	}
	r.rate = 1
	if v, ok := params["rate"]; ok {
		r.rate, err = parseRate(v)
	}
	return err
}

func (r *rule) parseOutage(value string, params map[string]string) error {
	var err error
	if r.dur, err = parseDuration("outage", value, false); err != nil {
		return err
	}
	if v, ok := params["every"]; ok {
		if r.every, err = parseDuration("every", v, false); err != nil {
			return err
		}
		if r.every <= r.dur {
			return fmt.Errorf("every=%s must be longer than the outage (%s), or the outage never ends", r.every, r.dur)
		}
	}
	if v, ok := params["after"]; ok {
		if r.after, err = parseDuration("after", v, true); err != nil {
			return err
		}
	}
	r.as = "503"
	if v, ok := params["as"]; ok {
		if !slices.Contains(outageModes, strings.ToLower(v)) {
			return fmt.Errorf("as=%s: an outage answers as 503, 500 or reset", v)
		}
		r.as = strings.ToLower(v)
	}
	return nil
}

func parseOps(list string, names []string) ([]string, error) {
	var ops []string
	for _, op := range strings.Split(list, ",") {
		op = strings.TrimSpace(op)
		var matched []string
		switch {
		case op == "":
			return nil, fmt.Errorf("an empty operation name after @")
		case op == "*":
			// Every call; deliveries are named (Deliver*) to be faulted.
			for _, n := range names {
				if !strings.HasPrefix(n, DeliveryPrefix) {
					matched = append(matched, n)
				}
			}
		case strings.HasSuffix(op, "*"):
			prefix := strings.ToLower(strings.TrimSuffix(op, "*"))
			for _, n := range names {
				if strings.HasPrefix(strings.ToLower(n), prefix) {
					matched = append(matched, n)
				}
			}
			if len(matched) == 0 {
				return nil, fmt.Errorf("no operation starts with %q", strings.TrimSuffix(op, "*"))
			}
		default:
			for _, n := range names {
				if strings.EqualFold(n, op) {
					matched = append(matched, n)
				}
			}
			if len(matched) == 0 {
				return nil, fmt.Errorf("unknown operation %q (use the API's names, e.g. ListParticipants, a prefix like List*, or *)", op)
			}
		}
		ops = append(ops, matched...)
	}
	slices.Sort(ops)
	return slices.Compact(ops), nil
}

func parseRate(s string) (float64, error) {
	v, pct := strings.CutSuffix(s, "%")
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || math.IsNaN(f) {
		return 0, fmt.Errorf("rate %q is not a number (write 0.05 or 5%%)", s)
	}
	if pct {
		f /= 100
	}
	if f < 0 || f > 1 {
		return 0, fmt.Errorf("rate %s is not between 0 and 1 (0%% and 100%%)", s)
	}
	return f, nil
}

func parseDuration(what, s string, zeroOK bool) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	switch {
	case err != nil:
		return 0, fmt.Errorf("%s %q is not a duration (write 300ms, 2s or 1m30s)", what, s)
	case d < 0 || (d == 0 && !zeroOK):
		return 0, fmt.Errorf("%s %s must be above 0", what, s)
	case d > maxDuration:
		return 0, fmt.Errorf("%s %s is above the limit of %s", what, s, maxDuration)
	}
	return d, nil
}

// Plan is a parsed spec in force since start.
type Plan struct {
	spec  string
	start time.Time

	mu    sync.Mutex // guards the rules' random sources
	rules []*rule
}

// New parses spec for the operations named by ops (what @OPS selects
// from); nil (and no error) means no faults.
func New(spec string, ops []string, seed uint64, start time.Time) (*Plan, error) {
	rules, err := parse(spec, ops)
	if err != nil || len(rules) == 0 {
		return nil, err
	}
	for i, r := range rules {
		r.rng = mrand.New(mrand.NewPCG(seed, 0xfa017<<8|uint64(i)))
	}
	return &Plan{spec: strings.TrimSpace(spec), start: start, rules: rules}, nil
}

// Spec is the spec the plan was parsed from.
func (p *Plan) Spec() string { return p.spec }

// DeliveryPrefix begins the names of the pushed-event deliveries.
const DeliveryPrefix = "Deliver"

// DeliveryOp is the operation name a delivery of an EventBridge detail
// type goes by in @OPS: "IVS Stage Update" is DeliverIVSStageUpdate.
func DeliveryOp(detailType string) string {
	return DeliveryPrefix + strings.ReplaceAll(detailType, " ", "")
}

// Decision is what the plan does to one call.
type Decision struct {
	// Deliveries only: the event is delivered twice, held back, or lost.
	Duplicate, Reorder, Lose bool

	Delay   time.Duration
	Outage  string  // "", or how the outage answers: 503, 500 or reset
	Fail    Kind    // None, Reset, Throttle or Error500
	Corrupt Kind    // None, Truncate or BadJSON
	Cut     float64 // Truncate: the share of the body kept
}

// decide draws every rule that applies to op, whether or not another rule
// already fails the call, so each rule's outcomes depend only on the calls
// it applies to.
func (p *Plan) Decide(op string, now time.Time) Decision {
	var d Decision
	var fired uint // bit k: a rule of kind k fired
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, r := range p.rules {
		if !r.applies(op) {
			continue
		}
		switch r.kind {
		case Outage:
			if d.Outage == "" && r.inOutage(now.Sub(p.start)) {
				d.Outage = r.as
			}
		case Latency:
			if r.rate < 1 && r.rng.Float64() >= r.rate {
				continue
			}
			delay := r.minDelay
			if r.maxDelay > r.minDelay {
				delay += time.Duration(r.rng.Int64N(int64(r.maxDelay - r.minDelay + 1)))
			}
			d.Delay += delay
		case Truncate:
			if r.rng.Float64() < r.rate {
				fired |= 1 << r.kind
			}
			// Always drawn, so the rule's sequence does not depend on
			// whether it fired.
			d.Cut = r.rng.Float64()
		default:
			if r.rng.Float64() < r.rate {
				fired |= 1 << r.kind
			}
		}
	}
	d.Duplicate, d.Reorder, d.Lose = fired&(1<<Duplicate) != 0, fired&(1<<Reorder) != 0, fired&(1<<Loss) != 0
	for _, k := range []Kind{Reset, Throttle, Error500} {
		if fired&(1<<k) != 0 {
			d.Fail = k
			break
		}
	}
	for _, k := range []Kind{Truncate, BadJSON} {
		if fired&(1<<k) != 0 {
			d.Corrupt = k
			break
		}
	}
	return d
}

// inOutage reports whether the time since the plan started falls in one
// of the rule's outage windows.
func (r *rule) inOutage(since time.Duration) bool {
	t := since - r.after
	switch {
	case t < 0:
		return false
	case r.every == 0:
		return t < r.dur
	default:
		return t%r.every < r.dur
	}
}
