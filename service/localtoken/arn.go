package localtoken

import (
	"errors"
	"fmt"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// ARNs of the form IVS uses: arn:<partition>:ivs:<region>:<12-digit account>:<kind>/<id>.
var (
	publicKeyARNPattern = ivs.Anchored(ivs.ARNPattern(ivs.KindPublicKey))
	stageARNPattern     = ivs.Anchored(ivs.ARNPattern(ivs.KindStage))
)

func checkPublicKeyARN(arn string) error {
	if arn == "" {
		return errors.New("localtoken: no public key ARN given (the ARN ImportPublicKey returned, arn:aws:ivs:REGION:ACCOUNT:public-key/ID)")
	}
	if !publicKeyARNPattern.MatchString(arn) {
		return fmt.Errorf("localtoken: %q is not a public-key ARN (expected arn:aws:ivs:REGION:ACCOUNT:public-key/ID)", truncate(arn, 200))
	}
	return nil
}

// stageID returns the id part of a stage ARN: the token's `topic` claim.
func stageID(arn string) (string, error) {
	m := stageARNPattern.FindStringSubmatch(arn)
	if m == nil {
		return "", fmt.Errorf("localtoken: %q is not a stage ARN (expected arn:aws:ivs:REGION:ACCOUNT:stage/ID)", truncate(arn, 200))
	}
	return m[1], nil
}

// truncate keeps error messages readable when handed a huge bogus value.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
