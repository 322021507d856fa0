package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// --budget takes one share for every quota group or shares per group, on
// every command that calls AWS.
func TestBudgetFlagPerGroup(t *testing.T) {
	var errb bytes.Buffer
	f, err := parseDashboardFlags(nil, &errb)
	if err != nil || f.conn.budget.config.Rate(ivs.GroupStage) != 1 {
		t.Fatalf("default budget: %+v %v", f.conn.budget, err)
	}
	f, err = parseDashboardFlags([]string{"--budget", "0.1,token=0.5"}, &errb)
	if err != nil {
		t.Fatal(err)
	}
	b := f.conn.budget.config
	if b.Rate(ivs.GroupToken) != 25 || b.Rate(ivs.GroupStage) != 0.5 {
		t.Fatalf("--budget 0.1,token=0.5: token %v/s, stage %v/s; want 25 and 0.5", b.Rate(ivs.GroupToken), b.Rate(ivs.GroupStage))
	}
	if _, err := parseDashboardFlags([]string{"--budget", "nosuch=0.1"}, &errb); err == nil || !strings.Contains(err.Error(), "unknown group") {
		t.Fatalf("an unknown group: %v", err)
	}

	env := newCLIEnv(t)
	var out, errOut bytes.Buffer
	code := run([]string{"token", "--stage", env.stage.ARN, "--endpoint-url", env.e.URL(), "--region", "us-east-1", "--budget", "stage=0.5,token=0.5"}, &out, &errOut)
	if code != 0 || strings.Count(out.String(), ".") != 2 {
		t.Fatalf("token with a per-group budget: exit %d, %q", code, errOut.String())
	}
	errOut.Reset()
	if code := run([]string{"export", "--stage", env.stage.ARN, "--budget", "token=2"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), `budget "token=2"`) {
		t.Fatalf("export with a budget above 1: exit %d, %q", code, errOut.String())
	}
}

// Every number flag has a range, and a value outside it is an error that
// names the flag.
func TestNumberFlagsHaveRanges(t *testing.T) {
	var errb bytes.Buffer
	bad := []struct {
		args []string
		want string
	}{
		{[]string{"--budget", "NaN"}, "--budget NaN: not a number"},
		{[]string{"--budget", "stage=NaN"}, "--budget stage=NaN: not a number"},
		{[]string{"--budget", "Inf"}, "--budget Inf:"},
		{[]string{"--budget", "-Inf"}, "--budget -Inf:"},
		{[]string{"--budget", "0"}, "--budget 0:"},
		{[]string{"--budget", "-0.1"}, "--budget -0.1:"},
		{[]string{"--budget", "1.01"}, "--budget 1.01:"},
		// 1e-300 of a 5 TPS quota is one call in 10^299 minutes: the live
		// figures would never load.
		{[]string{"--budget", "1e-300"}, "--budget 1e-300: leaves less than one call a minute to the operations of stage, token, composition, config, publickey, tag, replication; give at least stage=0.0034,token=0.00034,composition=0.0034,config=0.0034,publickey=0.0056,tag=0.0017,replication=0.0034"},
		{[]string{"--budget", "0.005"}, "--budget 0.005: leaves less than one call a minute to the operations of publickey; give at least publickey=0.0056"},
		{[]string{"--budget", "0.2,tag=0.001"}, "--budget 0.2,tag=0.001: leaves less than one call a minute to the operations of tag; give at least tag=0.0017"},
		{[]string{"--interval", "1000000h"}, "--interval 1000000h: give 1s to 10m"},
		{[]string{"--interval", "500ms"}, "--interval 500ms: give 1s to 10m"},
		{[]string{"--interval", "-5s"}, "--interval -5s: give 1s to 10m"},
		{[]string{"--error-window", "10s"}, "--error-window 10s: give 1m to 24h"},
		{[]string{"--error-window", "25h"}, "--error-window 25h: give 1m to 24h"},
	}
	for _, c := range bad {
		_, err := parseDashboardFlags(c.args, &errb)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: %v\nwant %s", c.args, err, c.want)
		}
	}
	for _, good := range [][]string{{"--budget", "0.0056"}, {"--budget", "1"}, {"--budget", "0.01,publickey=0.01"},
		{"--interval", "1s"}, {"--interval", "10m"}, {"--error-window", "1m"}, {"--error-window", "24h"}} {
		if _, err := parseDashboardFlags(good, &errb); err != nil {
			t.Errorf("%q refused: %v", good, err)
		}
	}
}
