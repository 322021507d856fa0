package report

import "github.com/ivsdash/ivsdash/service"

// The client is the Source the program passes, and it can fetch details.
var _ DetailSource = (*service.Client)(nil)
