package service

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/ivsdash/ivsdash/service/budget"
)

// Options configure New. The zero value uses the standard AWS configuration
// chain (environment, shared files, SSO) like the AWS CLI.
type Options struct {
	Profile     string // --profile; "" = AWS_PROFILE or default
	Region      string // --region; "" = AWS_REGION or the profile's region
	EndpointURL string // --endpoint-url; "" = the real IVS endpoint (or AWS_ENDPOINT_URL_IVS_REALTIME)

	Budget            budget.Config    // zero value = 20% of each AWS quota
	HTTPClient        *http.Client     // optional
	StaticCredentials *aws.Credentials // optional: the emulator, tests
	Timeout           time.Duration    // per HTTP attempt; 0 = DefaultTimeout

	// Logger receives one debug record per call: operation, duration,
	// outcome, status and request id. Never tokens, stream keys or attributes.
	Logger *slog.Logger
}

// DefaultTimeout bounds one HTTP attempt of a call.
const DefaultTimeout = 10 * time.Second

// DefaultEmulatorRegion is the region NewForEndpoint uses when given none.
const DefaultEmulatorRegion = "us-east-1"

func (o Options) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return DefaultTimeout
}
