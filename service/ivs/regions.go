package ivs

// RealTimeRegions are the AWS regions with an IVS Real-Time endpoint
// (ivsrealtime.<region>.amazonaws.com), the choices of :ctx.
// https://docs.aws.amazon.com/general/latest/gr/ivs.html
var RealTimeRegions = []string{
	"us-east-1",      // US East (N. Virginia)
	"us-west-2",      // US West (Oregon)
	"ap-south-1",     // Asia Pacific (Mumbai)
	"ap-northeast-2", // Asia Pacific (Seoul)
	"ap-northeast-1", // Asia Pacific (Tokyo)
	"eu-central-1",   // Europe (Frankfurt)
	"eu-west-1",      // Europe (Ireland)
}
