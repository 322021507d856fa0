package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// What the dashboard says when the AWS configuration cannot reach IVS,
// before it opens.

// withoutAWS points the AWS configuration chain at nothing: no files, no
// credentials in the environment, no instance metadata.
func withoutAWS(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	for _, k := range []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION",
		"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_IVS_REALTIME"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

func TestNoRegionNamesTheProgramOnce(t *testing.T) {
	withoutAWS(t)
	var out, errOut bytes.Buffer
	if code := run(nil, &out, &errOut); code != 1 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	want := "ivsdash: Not configured to reach IVS: no AWS region is configured.\n" +
		"  fix: pass --region (e.g. --region us-east-1) or set AWS_REGION\n" +
		"  or try the dashboard without an AWS account: ivsdash --demo\n"
	if errOut.String() != want {
		t.Fatalf("stderr:\n%s\nwant:\n%s", errOut.String(), want)
	}
	if strings.Contains(errOut.String(), "ivsdash: ivsdash") {
		t.Fatal("the name is doubled")
	}
}

// The credential providers' error chain (instance metadata and the rest)
// tells the user less than the fix: the fix comes first, the chain only with
// --log, on stderr after the fix and in the log.
func TestMissingCredentialsSayTheFixFirst(t *testing.T) {
	withoutAWS(t)
	t.Setenv("AWS_REGION", "us-east-1")
	const fix = "  fix: run `aws configure` or `aws sso login`, set AWS_PROFILE, or try --demo to explore without AWS\n"
	var out, errOut bytes.Buffer
	if code := run(nil, &out, &errOut); code != 1 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if want := "ivsdash: No AWS credentials were found.\n" + fix; errOut.String() != want {
		t.Fatalf("stderr:\n%s\nwant:\n%s", errOut.String(), want)
	}
	errOut.Reset()
	if code := run([]string{"token", "--stage", "arn:aws:ivs:us-east-1:123456789012:stage/abcdABCD1234"}, &out, &errOut); code != 1 {
		t.Fatalf("token: exit %d: %s", code, errOut.String())
	}
	// The same in the token command's words: it has no --demo.
	if want := "ivsdash token: No AWS credentials were found.\n  fix: run `aws configure` or `aws sso login`, set AWS_PROFILE\n"; errOut.String() != want {
		t.Fatalf("token: stderr:\n%s\nwant:\n%s", errOut.String(), want)
	}

	logPath := filepath.Join(t.TempDir(), "ivsdash.log")
	errOut.Reset()
	if code := run([]string{"--log", logPath}, &out, &errOut); code != 1 {
		t.Fatalf("--log: exit %d: %s", code, errOut.String())
	}
	lines := strings.SplitAfter(errOut.String(), "\n")
	if len(lines) < 3 || lines[0]+lines[1] != "ivsdash: No AWS credentials were found.\n"+fix ||
		!strings.HasPrefix(lines[2], "  cause: ") || !strings.Contains(lines[2], "IMDS") {
		t.Fatalf("--log: stderr:\n%s\nwant the message, the fix, then the cause", errOut.String())
	}
	logged, err := os.ReadFile(logPath)
	if err != nil || !strings.Contains(string(logged), "IMDS") {
		t.Fatalf("the log lacks the error chain (%v):\n%s", err, logged)
	}
}
