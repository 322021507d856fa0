package faults

import (
	"strings"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service/ivs"
)

func TestFaultGrammarAcceptsGoodSpecs(t *testing.T) {
	for _, tc := range []struct {
		spec  string
		check func(t *testing.T, rules []*rule)
	}{
		{"", func(t *testing.T, rules []*rule) { equal(t, "rules", len(rules), 0) }},
		{" none ", func(t *testing.T, rules []*rule) { equal(t, "rules", len(rules), 0) }},
		{"latency=300ms@ListParticipants", func(t *testing.T, rules []*rule) {
			r := rules[0]
			equal(t, "kind", r.kind, Latency)
			equal(t, "ops", strings.Join(r.ops, ","), "ListParticipants")
			equal(t, "delay", r.minDelay, 300*time.Millisecond)
			equal(t, "max delay", r.maxDelay, 300*time.Millisecond)
			equal(t, "rate", r.rate, 1.0)
		}},
		{"latency=100ms..2s/rate=25%@Get*", func(t *testing.T, rules []*rule) {
			r := rules[0]
			equal(t, "min", r.minDelay, 100*time.Millisecond)
			equal(t, "max", r.maxDelay, 2*time.Second)
			equal(t, "rate", r.rate, 0.25)
			for _, op := range r.ops {
				if !strings.HasPrefix(op, "Get") {
					t.Fatalf("Get* matched %s", op)
				}
			}
			equal(t, "Get operations", len(r.ops), 8)
		}},
		{"error500=0.1@*;throttle=0.2@ListStages, getstage ;reset=0.05;truncate=2%;badjson=1;", func(t *testing.T, rules []*rule) {
			equal(t, "rules", len(rules), 5)
			equal(t, "error500 ops", len(rules[0].ops), 39)
			equal(t, "throttle ops (names are case-insensitive)", strings.Join(rules[1].ops, ","), "GetStage,ListStages")
			equal(t, "reset applies to all by default", len(rules[2].ops), 39)
			equal(t, "truncate rate", rules[3].rate, 0.02)
			equal(t, "badjson rate", rules[4].rate, 1.0)
		}},
		{"outage=20s/every=60s", func(t *testing.T, rules []*rule) {
			r := rules[0]
			equal(t, "dur", r.dur, 20*time.Second)
			equal(t, "every", r.every, time.Minute)
			equal(t, "answers", r.as, "503")
		}},
		{"OUTAGE=5s/after=1m/as=reset@List*,Get*", func(t *testing.T, rules []*rule) {
			r := rules[0]
			equal(t, "after", r.after, time.Minute)
			equal(t, "as", r.as, "reset")
			equal(t, "ops", len(r.ops), 8+11)
		}},
	} {
		rules, err := parse(tc.spec, operationNames)
		if err != nil {
			t.Errorf("%q: %v", tc.spec, err)
			continue
		}
		t.Run(tc.spec, func(t *testing.T) { tc.check(t, rules) })
	}
}

func TestFaultGrammarRejectsBadSpecs(t *testing.T) {
	for _, tc := range []struct{ spec, want string }{
		{"lag=1s", `fault rule 1 "lag=1s": unknown fault "lag"`},
		{"latency", "latency needs a value"},
		{"error500=", "error500 needs a value"},
		{"throttle=1.5", "rate 1.5 is not between 0 and 1"},
		{"throttle=150%", "rate 150% is not between 0 and 1"},
		{"throttle=-0.1", "not between 0 and 1"},
		{"reset=often", `rate "often" is not a number`},
		{"reset=NaN", "is not a number"},
		{"latency=fast", `latency "fast" is not a duration`},
		{"latency=0s", "latency must be above 0"},
		{"latency=-1s", "must be above 0"},
		{"latency=2s..1s", "backwards"},
		{"latency=11m", "above the limit of 10m0s"},
		{"latency=1s/rate=2", "rate 2 is not between"},
		{"latency=1s/every=2s", "latency takes /rate, not /every"},
		{"error500=0.1/rate=1", "error500 takes no parameters"},
		{"outage=10s/every=5s", "every=5s must be longer than the outage"},
		{"outage=10s/every=10s", "must be longer"},
		{"outage=0s", "outage 0s must be above 0"},
		{"outage=25h", "above the limit"},
		{"outage=10s/as=404", "as=404: an outage answers as 503, 500 or reset"},
		{"outage=10s/every=1m/every=2m", "parameter every given twice"},
		{"outage=10s/every", `parameter "every" is not key=value`},
		{"throttle=0.1@ListStage", `unknown operation "ListStage"`},
		{"throttle=0.1@Frob*", `no operation starts with "Frob"`},
		{"throttle=0.1@", "an empty operation name"},
		{"throttle=0.1@ListStages,,GetStage", "an empty operation name"},
		{"throttle=0.1@ListStages@GetStage", "more than one @"},
		{"latency=1s;boom=1", `fault rule 2 "boom=1"`},
	} {
		_, err := parse(tc.spec, operationNames)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want it to contain %q", tc.spec, err, tc.want)
			continue
		}
		if !strings.Contains(err.Error(), "see --faults help") {
			t.Errorf("%q: %v does not point at the help", tc.spec, err)
		}
	}
}

func TestFaultHelpDocumentsEveryKind(t *testing.T) {
	for name := range kindNames {
		if !strings.Contains(Help, "\n  "+name+" ") {
			t.Errorf("Help has no line for %s", name)
		}
	}
	_, examples, ok := strings.Cut(Help, "Examples:\n")
	if !ok {
		t.Fatal("Help has no examples")
	}
	for _, line := range strings.Split(examples, "\n") {
		if _, err := parse(line, operationNames); err != nil {
			t.Errorf("example %q does not parse: %v", line, err)
		}
	}
}

// outcomes is the decisions of a plan for a sequence of calls.
func outcomes(t *testing.T, spec string, seed uint64, calls int) []Decision {
	t.Helper()
	p, err := New(spec, operationNames, seed, time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	ops := []string{"ListStages", "GetStage", "ListParticipants", "CreateStage"}
	var out []Decision
	for i := range calls {
		out = append(out, p.Decide(ops[i%len(ops)], time.Unix(int64(i), 0)))
	}
	return out
}

func TestFaultsAreDeterministicUnderASeed(t *testing.T) {
	const spec = "latency=10ms..90ms/rate=0.5@List*;error500=0.2;throttle=0.2@ListStages,GetStage;reset=0.1;truncate=0.1;badjson=0.1"
	a, b := outcomes(t, spec, 42, 2000), outcomes(t, spec, 42, 2000)
	equal(t, "outcomes under the same seed", equalDecisions(a, b), true)
	c := outcomes(t, spec, 43, 2000)
	if equalDecisions(a, c) {
		t.Fatal("another seed gave the same outcomes")
	}
	// The rates are the rates (each is 20% or 10% of the calls it applies
	// to; wide bounds, 2,000 draws).
	count := map[Kind]int{}
	delayed := 0
	for i, d := range a {
		count[d.Fail]++
		count[d.Corrupt]++
		if d.Delay > 0 {
			delayed++
			if d.Delay < 10*time.Millisecond || d.Delay > 90*time.Millisecond {
				t.Fatalf("delay %s outside 10ms..90ms", d.Delay)
			}
			if i%4 != 0 && i%4 != 2 {
				t.Fatalf("call %d was delayed but is not a List call", i)
			}
		}
	}
	within := func(what string, n, lo, hi int) {
		t.Helper()
		if n < lo || n > hi {
			t.Errorf("%s: %d, want %d..%d", what, n, lo, hi)
		}
	}
	within("resets (10%)", count[Reset], 140, 260)
	within("delayed List calls (half of 1,000)", delayed, 430, 570)
	within("truncated answers (10%, not hidden by badjson)", count[Truncate], 140, 260)
	if count[Throttle] == 0 || count[Error500] == 0 || count[BadJSON] == 0 {
		t.Errorf("some fault never fired: %v", count)
	}
}

func equalDecisions(a, b []Decision) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A rule's outcomes depend only on the calls it applies to: adding a rule
// for other operations does not change them.
func TestFaultRulesDrawIndependently(t *testing.T) {
	alone := outcomes(t, "throttle=0.3@ListStages", 5, 400)
	with := outcomes(t, "throttle=0.3@ListStages;error500=0.5@GetStage", 5, 400)
	for i := range alone {
		if (alone[i].Fail == Throttle) != (with[i].Fail == Throttle) {
			t.Fatalf("call %d: throttled %v alone, %v next to another rule", i, alone[i].Fail, with[i].Fail)
		}
	}
}

func TestOutageWindows(t *testing.T) {
	r := &rule{dur: 20 * time.Second, every: time.Minute, after: 10 * time.Second}
	for _, tc := range []struct {
		at   time.Duration
		down bool
	}{
		{0, false}, {9 * time.Second, false}, {10 * time.Second, true}, {29 * time.Second, true},
		{30 * time.Second, false}, {69 * time.Second, false}, {70 * time.Second, true}, {90 * time.Second, false},
		{10*time.Second + 100*time.Minute, true},
	} {
		equal(t, "down at "+tc.at.String(), r.inOutage(tc.at), tc.down)
	}
	once := &rule{dur: 5 * time.Second}
	equal(t, "a single outage: down at once", once.inOutage(0), true)
	equal(t, "a single outage: up after", once.inOutage(5*time.Second), false)
	equal(t, "a single outage: never again", once.inOutage(time.Hour), false)
}

// FuzzFaultSpec: any spec parses or fails with an error pointing at the
// help, and a plan that parses decides every operation without panicking.
func FuzzFaultSpec(f *testing.F) {
	for _, s := range []string{"", "latency=300ms@ListParticipants", "latency=1ms..2ms/rate=5%@Get*", "error500=0.1;throttle=1@ListStages,GetStage",
		"outage=20s/every=60s/after=1s/as=reset", "reset=1;truncate=0.5;badjson=1e-3", "x=@;;@", "latency=9223372036854775807ns"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		p, err := New(spec, operationNames, 1, time.Unix(0, 0))
		if err != nil {
			if !strings.Contains(err.Error(), "see --faults help") {
				t.Fatalf("error %q does not point at the help", err)
			}
			return
		}
		if p == nil {
			return
		}
		for i, op := range operationNames {
			d := p.Decide(op, time.Unix(int64(i)*7919, 0))
			if d.Delay < 0 || d.Delay > 2*maxLatency*time.Duration(len(p.rules)) || d.Cut < 0 || d.Cut >= 1 {
				t.Fatalf("decision %+v", d)
			}
		}
	})
}

// operationNames are what @OPS selects from: the catalogue's 39.
var operationNames = append(ivs.OperationNames(), deliveries...)

var deliveries = func() []string {
	var ops []string
	for _, dt := range ivs.DetailTypes {
		ops = append(ops, DeliveryOp(dt))
	}
	return ops
}()

// Delivery faults apply to deliveries only unless @OPS says otherwise, and
// each fires at about its rate.
func TestDeliveryFaults(t *testing.T) {
	p, err := New("duplicate=0.5;reorder=0.25;loss=0.1", operationNames, 7, time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if d := p.Decide("ListStages", time.Unix(1, 0)); d.Duplicate || d.Reorder || d.Lose {
		t.Errorf("a delivery fault hit an API call: %+v", d)
	}
	var dup, reorder, lose int
	const n = 4000
	for range n {
		d := p.Decide("DeliverIVSStageUpdate", time.Unix(1, 0))
		if d.Duplicate {
			dup++
		}
		if d.Reorder {
			reorder++
		}
		if d.Lose {
			lose++
		}
	}
	for _, c := range []struct {
		what string
		got  int
		rate float64
	}{{"duplicate", dup, 0.5}, {"reorder", reorder, 0.25}, {"loss", lose, 0.1}} {
		if got := float64(c.got) / n; got < c.rate*0.85 || got > c.rate*1.15 {
			t.Errorf("%s fired %.3f of deliveries, want about %.2f", c.what, got, c.rate)
		}
	}
	if DeliveryOp("IVS Stage Update") != "DeliverIVSStageUpdate" {
		t.Error(DeliveryOp("IVS Stage Update"))
	}
}

func equal[T comparable](t testing.TB, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
}
