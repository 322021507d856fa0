package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ivsdash/ivsdash/service"
)

// --budget takes one share for every quota group or shares per group, on
// every command that calls AWS.
func TestBudgetFlagPerGroup(t *testing.T) {
	var errb bytes.Buffer
	f, err := parseDashboardFlags(nil, &errb)
	if err != nil || f.conn.budget.config.Rate(service.GroupStage) != 1 {
		t.Fatalf("default budget: %+v %v", f.conn.budget, err)
	}
	f, err = parseDashboardFlags([]string{"--budget", "0.1,token=0.5"}, &errb)
	if err != nil {
		t.Fatal(err)
	}
	b := f.conn.budget.config
	if b.Rate(service.GroupToken) != 25 || b.Rate(service.GroupStage) != 0.5 {
		t.Fatalf("--budget 0.1,token=0.5: token %v/s, stage %v/s; want 25 and 0.5", b.Rate(service.GroupToken), b.Rate(service.GroupStage))
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
