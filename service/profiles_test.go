package service

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestProfilesOfTheAWSConfigFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config")
	text := `[default]
region = us-east-1

[profile prod]
region = eu-west-1
[ profile  dev ]
[sso-session corp]
sso_region = us-east-1
[services local]
# [profile commented]
[profile prod]
`
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := Profiles(p)
	if err != nil || strings.Join(got, ",") != "default,dev,prod" {
		t.Fatalf("Profiles = %q, %v", got, err)
	}
	if got, err := Profiles(filepath.Join(t.TempDir(), "none")); err != nil || len(got) != 0 {
		t.Fatalf("no file: %q, %v", got, err)
	}
	t.Setenv("AWS_CONFIG_FILE", p)
	if ConfigFilePath() != p {
		t.Fatalf("AWS_CONFIG_FILE not followed: %s", ConfigFilePath())
	}
}
