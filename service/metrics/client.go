// Package metrics reads Amazon IVS Real-Time's broadcast health from Amazon
// CloudWatch (namespace AWS/IVSRealTime): a client over aws-sdk-go-v2's
// cloudwatch that batches GetMetricData queries, pages its answers and
// returns plain series of (time, value), within the same API budget as the
// IVS client (its own quota group, a small share) and with errors
// classified as the IVS client's are. A missing cloudwatch:GetMetricData
// permission is its own kind, service.MetricsAccessDenied.
package metrics

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/ivs"
)

// Client reads CloudWatch. It is safe for concurrent use.
type Client struct {
	api    *cloudwatch.Client
	budget *budget.Budget
	broken *service.Error
	now    func() time.Time
	// maxDatapoints, when not 0, asks for pages that small (tests).
	maxDatapoints int32
}

// New builds a CloudWatch client beside an IVS client: the same AWS
// configuration, credentials and budget, and the same endpoint when
// --endpoint-url points elsewhere (the emulator serves both on one
// listener, as LocalStack does). Without an override, CloudWatch's own
// regional endpoint (AWS_ENDPOINT_URL_CLOUDWATCH works too).
func New(ivsClient *service.Client) *Client {
	sh := ivsClient.Shared()
	c := &Client{budget: sh.Budget, broken: sh.Broken, now: time.Now}
	c.api = cloudwatch.NewFromConfig(sh.Config, func(o *cloudwatch.Options) {
		if o.HTTPClient == nil {
			o.HTTPClient = awshttp.NewBuildableClient()
		}
		if sh.EndpointURL != "" {
			o.BaseEndpoint = aws.String(sh.EndpointURL)
		}
		o.APIOptions = append(o.APIOptions, sh.Hooks)
	})
	return c
}

// Point is one data point: the start of its period and the statistic's value.
type Point struct {
	Time  time.Time
	Value float64
}

// Dimension narrows a metric: Stage, Participant, MediaType, ...
type Dimension struct {
	Name, Value string
}

// Query asks for one metric's statistic over a period.
type Query struct {
	Metric     string      // e.g. ivs.MetricSubscribers
	Dimensions []Dimension // none for region-wide metrics
	Stat       string      // ivs.StatAverage (the default), StatMaximum, StatMinimum
	Period     time.Duration
}

// Series is a Query's answer: its points in time order.
type Series struct {
	Query
	Points []Point
	// Partial: CloudWatch said PartialData (more points than one answer
	// holds even after paging, or a query it could not finish).
	Partial bool
}

// Dimension is the value of a dimension of the series ("" when it has none).
func (s Series) Dimension(name string) string {
	for _, d := range s.Dimensions {
		if d.Name == name {
			return d.Value
		}
	}
	return ""
}

// Last is the newest point, and false when there is none.
func (s Series) Last() (Point, bool) {
	if len(s.Points) == 0 {
		return Point{}, false
	}
	return s.Points[len(s.Points)-1], true
}

// Window is a time range with the period of its points.
type Window struct {
	Start, End time.Time
	Period     time.Duration
}

// Recent is the last d up to now at one-minute points: what the panes show
// (Recent(15 * time.Minute)). Start and end fall on whole minutes.
func (c *Client) Recent(d time.Duration) Window {
	end := c.now().UTC().Truncate(time.Minute).Add(time.Minute)
	return Window{Start: end.Add(-d), End: end, Period: time.Minute}
}

// maxPages stops a query that a misbehaving server keeps paging.
const maxPages = 100

// Fetch runs the queries over w: at most ivs.MaxMetricDataQueries per
// GetMetricData call, each call paged to its end. The series come back in
// the order of qs. A query with no data has a series with no points.
func (c *Client) Fetch(ctx context.Context, w Window, qs []Query) ([]Series, error) {
	if err := checkWindow(w); err != nil {
		return nil, err
	}
	out := make([]Series, len(qs))
	for i, q := range qs {
		if q.Stat == "" {
			q.Stat = ivs.StatAverage
		}
		if q.Period <= 0 {
			q.Period = w.Period
		}
		out[i] = Series{Query: q}
	}
	for lo := 0; lo < len(out); lo += ivs.MaxMetricDataQueries {
		hi := min(lo+ivs.MaxMetricDataQueries, len(out))
		if err := c.fetchBatch(ctx, w, out[lo:hi], lo); err != nil {
			return nil, err
		}
	}
	for i := range out {
		sort.Slice(out[i].Points, func(a, b int) bool { return out[i].Points[a].Time.Before(out[i].Points[b].Time) })
	}
	return out, nil
}

func checkWindow(w Window) error {
	switch {
	case w.Start.IsZero() || w.End.IsZero() || !w.Start.Before(w.End):
		return invalid("the window's start %s must be before its end %s", w.Start.Format(time.RFC3339), w.End.Format(time.RFC3339))
	case w.Period < time.Minute || w.Period%time.Minute != 0:
		return invalid("the period must be a whole number of minutes, not %s", w.Period)
	}
	return nil
}

// fetchBatch runs up to 500 queries in one GetMetricData call and its pages.
// Ids are "q" + the query's index, which CloudWatch's pattern takes.
func (c *Client) fetchBatch(ctx context.Context, w Window, batch []Series, base int) error {
	in := &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(w.Start),
		EndTime:   aws.Time(w.End),
		ScanBy:    types.ScanByTimestampAscending,
	}
	if c.maxDatapoints != 0 {
		in.MaxDatapoints = aws.Int32(c.maxDatapoints)
	}
	byID := make(map[string]*Series, len(batch))
	for i := range batch {
		s := &batch[i]
		id := "q" + strconv.Itoa(base+i)
		byID[id] = s
		dims := make([]types.Dimension, len(s.Dimensions))
		for j, d := range s.Dimensions {
			dims[j] = types.Dimension{Name: aws.String(d.Name), Value: aws.String(d.Value)}
		}
		in.MetricDataQueries = append(in.MetricDataQueries, types.MetricDataQuery{
			Id: aws.String(id),
			MetricStat: &types.MetricStat{
				Metric: &types.Metric{Namespace: aws.String(ivs.MetricsNamespace), MetricName: aws.String(s.Metric), Dimensions: dims},
				Period: aws.Int32(int32(s.Period / time.Second)),
				Stat:   aws.String(s.Stat),
			},
			ReturnData: aws.Bool(true),
		})
	}
	for page := 0; ; page++ {
		if page == maxPages {
			return malformed("GetMetricData", fmt.Sprintf("stopped after %d pages: the server keeps returning a next token", maxPages))
		}
		out, err := call(ctx, c, "GetMetricData", func(ctx context.Context) (*cloudwatch.GetMetricDataOutput, error) {
			return c.api.GetMetricData(ctx, in)
		})
		if err != nil {
			return err
		}
		for _, r := range out.MetricDataResults {
			s := byID[aws.ToString(r.Id)]
			if s == nil {
				continue
			}
			if len(r.Timestamps) != len(r.Values) {
				return malformed("GetMetricData", fmt.Sprintf("query %s: %d timestamps for %d values", aws.ToString(r.Id), len(r.Timestamps), len(r.Values)))
			}
			for k, t := range r.Timestamps {
				s.Points = append(s.Points, Point{Time: t.UTC(), Value: r.Values[k]})
			}
			if r.StatusCode == types.StatusCodePartialData || r.StatusCode == types.StatusCodeInternalError {
				s.Partial = true
			}
		}
		if aws.ToString(out.NextToken) == "" {
			return nil
		}
		in.NextToken = out.NextToken
	}
}

// MetricID is one metric as ListMetrics names it.
type MetricID struct {
	Metric     string
	Dimensions []Dimension
}

// List names the namespace's metrics that have data (CloudWatch keeps the
// names of the last two weeks) with metric's name (all when "") and the
// dimensions given: one with an empty Value matches any value.
func (c *Client) List(ctx context.Context, metric string, dims []Dimension) ([]MetricID, error) {
	in := &cloudwatch.ListMetricsInput{Namespace: aws.String(ivs.MetricsNamespace)}
	if metric != "" {
		in.MetricName = aws.String(metric)
	}
	for _, d := range dims {
		f := types.DimensionFilter{Name: aws.String(d.Name)}
		if d.Value != "" {
			f.Value = aws.String(d.Value)
		}
		in.Dimensions = append(in.Dimensions, f)
	}
	var all []MetricID
	for page := 0; ; page++ {
		if page == maxPages {
			return nil, malformed("ListMetrics", fmt.Sprintf("stopped after %d pages: the server keeps returning a next token", maxPages))
		}
		out, err := call(ctx, c, "ListMetrics", func(ctx context.Context) (*cloudwatch.ListMetricsOutput, error) {
			return c.api.ListMetrics(ctx, in)
		})
		if err != nil {
			return nil, err
		}
		for _, m := range out.Metrics {
			id := MetricID{Metric: aws.ToString(m.MetricName)}
			for _, d := range m.Dimensions {
				id.Dimensions = append(id.Dimensions, Dimension{Name: aws.ToString(d.Name), Value: aws.ToString(d.Value)})
			}
			all = append(all, id)
		}
		if aws.ToString(out.NextToken) == "" {
			return all, nil
		}
		in.NextToken = out.NextToken
	}
}

// call runs one CloudWatch call, classifies its error as the IVS client's
// are and tells the budget of throttling: CloudWatch throttles with a 400
// Throttling answer, which the budget's middleware (looking for 429s) misses.
func call[O any](ctx context.Context, c *Client, op string, f func(context.Context) (*O, error)) (*O, error) {
	if c.broken != nil {
		e := *c.broken
		e.Op = op
		return nil, &e
	}
	out, err := f(ctx)
	if err == nil {
		return out, nil
	}
	e := *service.Classify(err)
	e.Op = op
	switch e.Kind {
	case service.AccessDenied:
		e.Kind = service.MetricsAccessDenied
	case service.Throttled:
		if e.Status != http.StatusTooManyRequests {
			e.RetryAfter = c.budget.OnThrottle(op)
		} else {
			e.RetryAfter = c.budget.BackoffLeft(op)
		}
	}
	return nil, &e
}

func invalid(format string, args ...any) error {
	e := &service.Error{Kind: service.Validation, Op: "GetMetricData", Message: fmt.Sprintf(format, args...)}
	e.Err = errors.New(e.Message)
	return e
}

func malformed(op, msg string) error {
	e := &service.Error{Kind: service.Unknown, Op: op, Message: msg}
	e.Err = errors.New(msg)
	return e
}

// sameDimensions reports whether a metric has exactly the dimension names.
func sameDimensions(dims []Dimension, names ...string) bool {
	if len(dims) != len(names) {
		return false
	}
	for _, d := range dims {
		if !slices.Contains(names, d.Name) {
			return false
		}
	}
	return true
}
