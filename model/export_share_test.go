package model

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// An export from the timeline runs while the error watcher keeps its share
// of ListParticipantEvents (half of what the budget allows), counted with
// the emulator's counters: the watcher's calls are the operation's calls
// less the export's, which the timeline shows ("N calls"). The export
// takes the rest, and says how far it has got and the time left.
func TestE2EExportLeavesTheWatcherItsShare(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true})
	sc := buildScene(t, e)
	for i := range 40 {
		joinAs(t, e, sc.stage.ARN, fmt.Sprintf("viewer-%02d", i), service.CapabilitySubscribe)
	}
	// The default budget: a ListParticipantEvents call a second, of which
	// the watcher may take one every two seconds.
	client := service.NewForEndpoint(e.URL(), "us-east-1", budget.Config{Fraction: budget.DefaultFraction})
	dir := t.TempDir()
	h := startHarness(t, e, harnessOpts{width: 160, height: 48, interval: 5 * time.Second, config: func(c *Config) {
		c.Client = client
		c.ExportDir = dir
	}})
	h.waitFor("e2e-live")
	h.press("enter")
	h.waitFor("Sessions of e2e-live", sc.session)
	h.press("s")
	h.waitFor("Timeline · e2e-live")
	h.press("e")
	h.waitFor("Export the session " + sc.session)
	h.press("enter")
	calls := regexp.MustCompile(`exporting md… [\d,]+ of [\d,]+ participants · ([\d,]+) calls?`)
	// The export has listed the session and made its first calls.
	h.waitScreen("the export's calls", func(screen string) bool { return calls.MatchString(screen) })

	exportCalls := func(screen string) int {
		m := calls.FindStringSubmatch(screen)
		if m == nil {
			t.Fatalf("the export's progress is not shown:\n%s", screen)
		}
		n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
		return n
	}
	const window = 12 * time.Second
	before, screenBefore := e.Operations(), h.term.screen()
	start := time.Now()
	time.Sleep(window)
	after, screen := e.Operations(), h.term.screen()
	elapsed := time.Since(start)

	events := after["ListParticipantEvents"] - before["ListParticipantEvents"]
	details := after["GetParticipant"] - before["GetParticipant"]
	// The export's calls in the window: its events reads are its calls
	// less its details calls (only the export calls GetParticipant here).
	exportEvents := exportCalls(screen) - exportCalls(screenBefore) - details
	watcherEvents := events - exportEvents
	share := elapsed.Seconds() / 2 // one call every two seconds
	t.Logf("in %v: ListParticipantEvents %d (the export's %d, the watcher's %d; its share %.0f), GetParticipant %d; %s",
		elapsed.Round(time.Millisecond), events, exportEvents, watcherEvents, share, details, lineWith(screen, "exporting md"))
	if float64(watcherEvents) < 0.75*share || float64(watcherEvents) > share+2 {
		t.Errorf("the watcher made %d ListParticipantEvents calls in %v while the export ran: want its share, about %.0f", watcherEvents, elapsed.Round(time.Second), share)
	}
	if exportEvents < 3 {
		t.Errorf("the export made %d events reads in %v: it should have the rest of the budget", exportEvents, elapsed.Round(time.Second))
	}
	if !strings.Contains(screen, " left") {
		t.Errorf("the export does not say the time left:\n%s", lineWith(screen, "exporting md"))
	}
}
