package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// The measurements of BENCHMARKS.md: ivsdash serve --demo with a
// 10,000-participant session, in its own process, viewers connecting with
// golang.org/x/crypto/ssh. They take minutes, so they run only when asked:
//
//	IVSDASH_MEASURE=1 go test -run TestMeasureServe -v -timeout 10m .
func TestMeasureServe(t *testing.T) {
	if os.Getenv("IVSDASH_MEASURE") == "" {
		t.Skip("a measurement of minutes: set IVSDASH_MEASURE=1")
	}
	window := time.Minute
	if w, err := time.ParseDuration(os.Getenv("IVSDASH_MEASURE_WINDOW")); err == nil {
		window = w
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "ivsdash")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	key := newClientKey(t)
	keys := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(keys, []byte(authorizedLine(key, "", "measure")), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--demo", "--participants", "10000", "--listen", "127.0.0.1:0",
		"--host-key", filepath.Join(dir, "host_key"), "--authorized-keys", keys)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	var addr, emuURL string
	lines := bufio.NewScanner(stdout)
	for addr == "" && lines.Scan() {
		if m := regexp.MustCompile(`^demo: the embedded emulator at (\S+)`).FindStringSubmatch(lines.Text()); m != nil {
			emuURL = m[1]
		}
		if m := regexp.MustCompile(`^ready: ssh -p (\d+) (\S+)`).FindStringSubmatch(lines.Text()); m != nil {
			addr = m[2] + ":" + m[1]
		}
	}
	if addr == "" || emuURL == "" {
		t.Fatal("the server did not say where it listens")
	}
	rig := &serveRig{addr: addr, readonly: key}

	var terms []*sshTerm
	open := func(n int) {
		for range n {
			st := rig.openTerm(t, key, 140, 40)
			toParticipants(st)
			terms = append(terms, st)
		}
	}
	// What each viewer's pane says of its listing: "10,006 listed" once a
	// walk of every page is done, "3,200 listed so far" during the first.
	listed := regexp.MustCompile(`[\d,]+ listed( so far)?`)
	progress := func() []string {
		var out []string
		for _, st := range terms {
			out = append(out, listed.FindString(st.screen()))
		}
		return out
	}
	measure := func(viewers int) (map[string]int, int) {
		time.Sleep(5 * time.Second) // past the first full listing
		before := emulatorOps(t, emuURL)
		time.Sleep(window)
		after := emulatorOps(t, emuURL)
		per := map[string]int{}
		total := 0
		for op, n := range after {
			if d := n - before[op]; d > 0 {
				per[op] = int(float64(d) * float64(time.Minute) / float64(window))
				total += per[op]
			}
		}
		t.Logf("%d viewer(s) on the participants pane: %d calls a minute: %v; server RSS %d KiB; the panes say %q",
			viewers, total, per, rssKiB(t, cmd.Process.Pid), progress())
		return per, total
	}
	open(1)
	_, one := measure(1)
	open(9)
	_, ten := measure(10)
	if float64(ten) > float64(one)*1.1+5 {
		t.Fatalf("10 viewers cost %d calls a minute, one %d", ten, one)
	}
}

// toParticipants opens the busiest session's participants from the stages.
func toParticipants(st *sshTerm) {
	st.waitFor("main-broadcast")
	st.send("/", "m", "a", "i", "n", "-", "b", "\r")
	st.waitFor("1 of ")
	st.send("\r")
	st.waitFor("Sessions of main-broadcast", "LIVE")
	st.send("\r")
	st.waitFor("Participants of", " listed")
}

func emulatorOps(t *testing.T, url string) map[string]int {
	t.Helper()
	resp, err := http.Get(url + "/_emulator/operations")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Operations map[string]int }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out.Operations
}

func rssKiB(t *testing.T, pid int) int {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0 // not Linux
	}
	for _, l := range strings.Split(string(data), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	return 0
}

// BenchmarkServeKeyPress is a key press's round trip with ten viewers on
// the participants pane of a 10,000-participant session: the key sent over
// SSH, the session's dashboard updating and rendering, the frame back over
// SSH. The sessions take turns.
func BenchmarkServeKeyPress(b *testing.B) {
	for _, viewers := range []int{1, 10} {
		b.Run(fmt.Sprintf("viewers=%d", viewers), func(b *testing.B) { benchKeyPress(b, viewers) })
	}
}

func benchKeyPress(b *testing.B, viewers int) {
	// The server's budget as ivsdash serve has it by default.
	r := startServe(b, rigOpts{interval: 5 * time.Second, budget: &budget.Config{Fraction: budget.DefaultFraction},
		emu: emulator.Options{Simulate: true, Participants: 10000}})
	var terms []*sshTerm
	for range viewers {
		st := r.openTerm(b, r.readonly, 140, 40)
		st.frames = make(chan struct{}, 1)
		toParticipants(st)
		terms = append(terms, st)
	}
	i := 0
	for b.Loop() {
		st := terms[i%len(terms)]
		key := "j"
		if (i/len(terms))%2 == 1 {
			key = "k"
		}
		i++
		select {
		case <-st.frames:
		default:
		}
		st.press(key)
		select {
		case <-st.frames:
		case <-time.After(5 * time.Second):
			b.Fatal("no frame after a key press")
		}
	}
}
