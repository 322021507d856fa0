package service

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/ivsdash/ivsdash/service/budget"
)

// isolateAWS points the AWS configuration chain at an empty home, so the
// tests see neither the machine's credentials nor its instance metadata.
func isolateAWS(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
		"AWS_DEFAULT_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_IVS_REALTIME"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(home, ".aws", "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(home, ".aws", "credentials"))
	if err := os.MkdirAll(filepath.Join(home, ".aws"), 0o700); err != nil {
		t.Fatal(err)
	}
	return home
}

func TestCheckCredentialsMissing(t *testing.T) {
	isolateAWS(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := New(ctx, Options{Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	err = c.CheckCredentials(ctx)
	e := Classify(err)
	if e == nil || e.Kind != MissingCredentials {
		t.Fatalf("kind %v, want MissingCredentials: %v", KindOf(err), err)
	}
	t.Logf("%s / %s", e.Human(), e.Hint())
	if !strings.Contains(e.Hint(), "aws configure") || !strings.Contains(e.Human(), "No AWS credentials") {
		t.Errorf("hint %q, human %q", e.Hint(), e.Human())
	}
}

func TestCheckCredentialsExpiredSSO(t *testing.T) {
	home := isolateAWS(t)
	const startURL = "https://example.awsapps.com/start"
	cfg := "[profile live]\nsso_start_url = " + startURL + "\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Admin\nregion = us-east-1\n"
	if err := os.WriteFile(filepath.Join(home, ".aws", "config"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha1.Sum([]byte(startURL))
	cache := filepath.Join(home, ".aws", "sso", "cache")
	if err := os.MkdirAll(cache, 0o700); err != nil {
		t.Fatal(err)
	}
	token := `{"accessToken":"expired-token","expiresAt":"2020-01-01T00:00:00Z","region":"us-east-1","startUrl":"` + startURL + `"}`
	if err := os.WriteFile(filepath.Join(cache, hex.EncodeToString(sum[:])+".json"), []byte(token), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := New(ctx, Options{Profile: "live"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Region() != "us-east-1" || c.Profile() != "live" {
		t.Errorf("region %q profile %q from the profile", c.Region(), c.Profile())
	}
	err = c.CheckCredentials(ctx)
	e := Classify(err)
	if e == nil || e.Kind != ExpiredCredentials {
		t.Fatalf("kind %v, want ExpiredCredentials: %v", KindOf(err), err)
	}
	t.Logf("%s / %s", e.Human(), e.Hint())
	if !strings.Contains(e.Hint(), "aws sso login --profile live") {
		t.Errorf("hint %q", e.Hint())
	}
	if strings.Contains(e.Error(), "expired-token") {
		t.Errorf("the SSO token leaked: %v", e)
	}
}

func TestCheckCredentialsStatic(t *testing.T) {
	isolateAWS(t)
	c, err := New(context.Background(), Options{Region: "us-east-1",
		StaticCredentials: &aws.Credentials{AccessKeyID: "AKID", SecretAccessKey: "s"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CheckCredentials(context.Background()); err != nil {
		t.Errorf("static credentials: %v", err)
	}
	if err := NewForEndpoint("http://127.0.0.1:1", "", budget.Config{}).CheckCredentials(context.Background()); err != nil {
		t.Errorf("emulator credentials: %v", err)
	}
}
