package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/localtoken"
)

// attributeFlags collects repeated --attribute k=v.
type attributeFlags map[string]string

func (a attributeFlags) String() string {
	pairs := make([]string, 0, len(a))
	for k, v := range a {
		pairs = append(pairs, k+"="+v)
	}
	slices.Sort(pairs)
	return strings.Join(pairs, ",")
}

// size is what counts against IVS's 1 KB limit: keys and values.
func (a attributeFlags) size() int {
	n := 0
	for k, v := range a {
		n += len(k) + len(v)
	}
	return n
}

func (a attributeFlags) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	k = strings.TrimSpace(k)
	if !ok || k == "" {
		return errors.New("write attributes as key=value")
	}
	if _, dup := a[k]; dup {
		return fmt.Errorf("attribute %q is given twice", k)
	}
	a[k] = val
	return nil
}

// tokenJSON is `ivsdash token --json`: the token and what it allows.
type tokenJSON struct {
	ParticipantID   string            `json:"participantId"`
	Token           string            `json:"token"`
	UserID          string            `json:"userId,omitempty"`
	StageARN        string            `json:"stageArn"`
	Capabilities    []string          `json:"capabilities"`
	DurationMinutes int               `json:"durationMinutes"`
	ExpirationTime  string            `json:"expirationTime"`
	Attributes      map[string]string `json:"attributes,omitempty"`
	MintedBy        string            `json:"mintedBy"` // "local" or "CreateParticipantToken"
	PublicKeyARN    string            `json:"publicKeyArn,omitempty"`
}

// runToken prints a participant token for scripts: the token alone on
// stdout (details with --json), errors on stderr. With --signing-key and
// --public-key-arn it signs the token itself (no CreateParticipantToken
// call, no quota; one GetStage for the stage's endpoints).
func runToken(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ivsdash token", flag.ContinueOnError)
	var (
		conn      connectionFlags
		signFlags signerFlags
	)
	conn.register(fs)
	signFlags.register(fs)
	stage := fs.String("stage", "", "`ARN` of the stage the token is for (required)")
	userID := fs.String("user-id", "", "user `id` to put in the token (any text, max 128 characters)")
	publish := fs.Bool("publish", false, "allow publishing (with neither --publish nor --subscribe: both)")
	subscribe := fs.Bool("subscribe", false, "allow subscribing (with neither --publish nor --subscribe: both)")
	duration := fs.Int("duration", service.DefaultTokenDurationMinutes, "validity in `minutes` (1-20160)")
	attrs := attributeFlags{}
	fs.Var(attrs, "attribute", "attribute `key=value` (repeat for more; 1 KB in total)")
	asJSON := fs.Bool("json", false, "print the token and its details as JSON")
	genDir := fs.String("generate-key", "", "write a new P-384 key pair into this `directory` and print how to import it (no token is minted)")
	help := func(w io.Writer) {
		fmt.Fprintln(w, "ivsdash token: mint an IVS Real-Time participant token (the token alone on stdout, for scripts)")
		fmt.Fprintln(w, "\nUsage:\n  ivsdash token --stage ARN [--user-id U] [--publish] [--subscribe] [--duration MIN] [--attribute k=v ...] [--json]")
		fmt.Fprintln(w, "  ivsdash token --stage ARN --signing-key key.pem --public-key-arn ARN ...   sign locally: no quota")
		fmt.Fprintln(w, "  ivsdash token --generate-key DIR                                           make a key pair to import")
		fmt.Fprintln(w, "\nExit status: 0 with the token, 1 when minting failed, 2 for bad flags.\n\nFlags:")
	}
	if err := parseFlags(fs, args, stderr, help); err != nil {
		return badUsage(stderr, fs.Name(), err)
	}
	rep := reporter{cmd: fs.Name(), stderr: stderr, noDemo: true}
	if *genDir != "" {
		return generateKey(*genDir, conn.region, stdout, rep)
	}
	if err := checkStageARN(*stage); err != nil {
		return badUsage(stderr, fs.Name(), err)
	}
	// The API's limits, checked before any call.
	if *duration < service.MinTokenDurationMinutes || *duration > service.MaxTokenDurationMinutes {
		fmt.Fprintf(stderr, "ivsdash token: --duration %d: give %d to %d minutes (14 days)\n", *duration, service.MinTokenDurationMinutes, service.MaxTokenDurationMinutes)
		return 2
	}
	if n := len([]rune(*userID)); n > service.MaxUserIDLength {
		fmt.Fprintf(stderr, "ivsdash token: --user-id is %d characters; IVS allows %d\n", n, service.MaxUserIDLength)
		return 2
	}
	if size := attrs.size(); size > service.MaxAttributesBytes {
		fmt.Fprintf(stderr, "ivsdash token: the attributes are %d bytes; IVS allows %d in total\n", size, service.MaxAttributesBytes)
		return 2
	}
	signer, err := signFlags.load()
	if err != nil {
		return rep.fail(err)
	}
	req := service.TokenRequest{StageARN: *stage, UserID: *userID, DurationMinutes: *duration}
	if len(attrs) > 0 {
		req.Attributes = attrs
	}
	if *publish {
		req.Capabilities = append(req.Capabilities, service.CapabilityPublish)
	}
	if *subscribe {
		req.Capabilities = append(req.Capabilities, service.CapabilitySubscribe)
	}
	client, closeLog, err := conn.open(ctx, &rep)
	defer closeLog()
	if err != nil {
		return rep.fail(err)
	}
	out := tokenJSON{StageARN: *stage, MintedBy: "CreateParticipantToken"}
	var tok service.ParticipantToken
	if signer != nil {
		// The stage's events and WHIP endpoints go into the token's claims.
		st, err := client.GetStage(ctx, *stage)
		if err != nil {
			return rep.fail(fmt.Errorf("reading the stage's endpoints: %w", err))
		}
		tok, err = signer.Mint(st, req, time.Now())
		if err != nil {
			return rep.fail(err)
		}
		out.MintedBy, out.PublicKeyARN = "local", signer.PublicKeyARN()
	} else if tok, err = client.CreateParticipantToken(ctx, req); err != nil {
		return rep.fail(err)
	}
	if !*asJSON {
		fmt.Fprintln(stdout, tok.Token.Reveal())
		return 0
	}
	out.ParticipantID, out.Token, out.UserID = tok.ParticipantID, tok.Token.Reveal(), tok.UserID
	out.Capabilities, out.DurationMinutes, out.Attributes = tok.Capabilities, tok.DurationMinutes, tok.Attributes
	out.ExpirationTime = tok.Expiration.UTC().Format(time.RFC3339)
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return rep.fail(err)
	}
	return 0
}

// generateKey writes a key pair for self-signed tokens and says how to
// import its public half.
func generateKey(dir, region string, stdout io.Writer, rep reporter) int {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return rep.fail(err)
	}
	priv, pub := filepath.Join(dir, "ivs-signing-key.pem"), filepath.Join(dir, "ivs-public-key.pem")
	if err := localtoken.WriteKeyPair(priv, pub); err != nil {
		return rep.fail(err)
	}
	regionFlag := ""
	if region != "" {
		regionFlag = " --region " + region
	}
	fmt.Fprintf(stdout, "private key: %s (mode 0600: keep it secret)\npublic key:  %s\n\n", priv, pub)
	fmt.Fprintf(stdout, "Import the public key (at most 3 per region), then mint tokens with no API call:\n")
	fmt.Fprintf(stdout, "  aws ivs-realtime import-public-key --name ivsdash-signer --public-key-material file://%s%s\n", pub, regionFlag)
	fmt.Fprintf(stdout, "  ivsdash token --stage STAGE_ARN --signing-key %s --public-key-arn PUBLIC_KEY_ARN\n", priv)
	return 0
}
