// Command pubsub-fake serves pstest, Google's in-memory Pub/Sub fake, on 127.0.0.1 for dualrun's
// tests, with faults that a test switches at run time through a small control HTTP endpoint.
//
//	pubsub-fake [-port 0] [-control-port 0] [-exit-with-stdin]
//
// Once both listen it prints one JSON line on stdout, {"grpc":"127.0.0.1:P","control":"127.0.0.1:Q"}
// (port 0 picks a free port). It stops on SIGINT or SIGTERM, and with -exit-with-stdin also when
// stdin closes (the parent is gone).
//
// Control endpoint (JSON bodies):
//
//	GET    /faults    the rules, each with calls (requests it matched) and injected (errors sent)
//	PUT    /faults    replaces the rules with an array of rules
//	POST   /faults    adds one rule
//	DELETE /faults    removes every rule
//	GET    /messages  every message published through the Publish RPC, with pstest's counts
//
// A rule fails a share of one RPC method's calls with a gRPC code:
//
//	{"method":"Publish","code":"UNAVAILABLE","every":3,"topic":"projects/p/topics/t"}
//	{"method":"Acknowledge","code":"INTERNAL","fraction":0.25,"seed":7,"times":10}
//
// every N fails the Nth, 2Nth, ... matching call; fraction F fails each matching call with
// probability F, drawn from a generator seeded with seed; times caps the errors (0: no cap); topic
// and subscription restrict the rule to requests whose field of that name is equal. The first rule
// that fires answers the call. The errors are pstest's own (WithErrorInjection), sent from the
// reactors pstest runs before each unary RPC; StreamingPull has no reactor, so it cannot fail.
//
// go.mod pins cloud.google.com/go/pubsub/v2; what its pstest does, and does not do, is written at
// the top of test/support/pubsub-fake.ts. See https://pkg.go.dev/cloud.google.com/go/pubsub/v2/pstest
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"time"

	"cloud.google.com/go/pubsub/v2/pstest"
	"google.golang.org/grpc/codes"
)

// faultMethods are the RPCs a rule may fail: pstest runs a reactor before each of them.
var faultMethods = []string{
	"Publish", "Acknowledge", "ModifyAckDeadline", "Pull",
	"CreateTopic", "GetTopic", "UpdateTopic", "DeleteTopic",
	"CreateSubscription", "GetSubscription", "UpdateSubscription", "DeleteSubscription",
}

// rule is one fault as the control endpoint reads and shows it.
type rule struct {
	Method       string  `json:"method"`
	Code         string  `json:"code"`
	Every        int     `json:"every,omitempty"`
	Fraction     float64 `json:"fraction,omitempty"`
	Seed         uint64  `json:"seed,omitempty"`
	Times        int     `json:"times,omitempty"`
	Topic        string  `json:"topic,omitempty"`
	Subscription string  `json:"subscription,omitempty"`
	Message      string  `json:"message,omitempty"`
}

// fault is a rule in force, with its counters.
type fault struct {
	rule
	Calls    int `json:"calls"`
	Injected int `json:"injected"`
	random   *rand.Rand
	inject   pstest.Reactor
}

func newFault(r rule) (*fault, error) {
	if !slices.Contains(faultMethods, r.Method) {
		return nil, fmt.Errorf("method %q cannot fail; one of %v", r.Method, faultMethods)
	}
	var code codes.Code
	if err := code.UnmarshalJSON([]byte(strconv.Quote(r.Code))); err != nil || code == codes.OK {
		return nil, fmt.Errorf("code %q is not a gRPC error code name such as UNAVAILABLE", r.Code)
	}
	if (r.Every > 0) == (r.Fraction > 0) || r.Every < 0 || r.Fraction < 0 || r.Fraction > 1 {
		return nil, fmt.Errorf("give either every (>= 1) or fraction (0 < fraction <= 1), not %d and %g", r.Every, r.Fraction)
	}
	if r.Times < 0 {
		return nil, fmt.Errorf("times %d is negative", r.Times)
	}
	message := r.Message
	if message == "" {
		message = fmt.Sprintf("pubsub-fake: injected %s fault", r.Method)
	}
	return &fault{
		rule:   r,
		random: rand.New(rand.NewPCG(r.Seed, r.Seed)),
		inject: pstest.WithErrorInjection(r.Method, code, message).Reactor,
	}, nil
}

// matches tells whether the request's topic and subscription fields are the rule's.
func (f *fault) matches(method string, req any) bool {
	topic, _ := req.(interface{ GetTopic() string })
	subscription, _ := req.(interface{ GetSubscription() string })
	return f.Method == method &&
		(f.Topic == "" || topic != nil && topic.GetTopic() == f.Topic) &&
		(f.Subscription == "" || subscription != nil && subscription.GetSubscription() == f.Subscription)
}

// fires counts a matching call and tells whether this one fails.
func (f *fault) fires() bool {
	f.Calls++
	if f.Times > 0 && f.Injected >= f.Times {
		return false
	}
	if f.Every > 0 {
		return f.Calls%f.Every == 0
	}
	return f.random.Float64() < f.Fraction
}

// faults holds the rules in force; pstest calls react with its own lock held.
type faults struct {
	mu    sync.Mutex
	rules []*fault
}

func (fs *faults) react(method string, req any) (bool, any, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for _, f := range fs.rules {
		if f.matches(method, req) && f.fires() {
			f.Injected++
			return f.inject.React(req)
		}
	}
	return false, nil, nil
}

func (fs *faults) set(rules []rule, add bool) error {
	compiled := make([]*fault, 0, len(rules))
	for _, r := range rules {
		f, err := newFault(r)
		if err != nil {
			return err
		}
		compiled = append(compiled, f)
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if add {
		compiled = append(fs.rules, compiled...)
	}
	fs.rules = compiled
	return nil
}

// reactor adapts a method's share of the faults to pstest's Reactor interface.
type reactor struct {
	faults *faults
	method string
}

func (r reactor) React(req interface{}) (bool, interface{}, error) {
	return r.faults.react(r.method, req)
}

// message is one published message as GET /messages shows it.
type message struct {
	ID                     string            `json:"id"`
	Topic                  string            `json:"topic"`
	Data                   []byte            `json:"data"`
	Attributes             map[string]string `json:"attributes"`
	OrderingKey            string            `json:"orderingKey"`
	PublishTime            time.Time         `json:"publishTime"`
	Deliveries             int               `json:"deliveries"`
	Acks                   int               `json:"acks"`
	ModAckDeadlinesSeconds []int32           `json:"modAckDeadlinesSeconds"`
}

func controlHandler(srv *pstest.Server, fs *faults) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /faults", func(w http.ResponseWriter, _ *http.Request) {
		fs.mu.Lock()
		defer fs.mu.Unlock()
		writeJSON(w, fs.rules)
	})
	setRules := func(add bool) http.HandlerFunc {
		return func(w http.ResponseWriter, req *http.Request) {
			var rules []rule
			decoder := json.NewDecoder(req.Body)
			decoder.DisallowUnknownFields()
			var err error
			if add {
				rules = make([]rule, 1)
				err = decoder.Decode(&rules[0])
			} else {
				err = decoder.Decode(&rules)
			}
			if err == nil {
				err = fs.set(rules, add)
			}
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		}
	}
	mux.HandleFunc("PUT /faults", setRules(false))
	mux.HandleFunc("POST /faults", setRules(true))
	mux.HandleFunc("DELETE /faults", func(w http.ResponseWriter, _ *http.Request) {
		_ = fs.set(nil, false)
		w.WriteHeader(http.StatusNoContent)
	})
	var messagesMu sync.Mutex // Messages() rewrites the counts it returns
	mux.HandleFunc("GET /messages", func(w http.ResponseWriter, _ *http.Request) {
		messagesMu.Lock()
		defer messagesMu.Unlock()
		out := []message{}
		for _, m := range srv.Messages() {
			deadlines := []int32{}
			for _, modack := range m.Modacks {
				deadlines = append(deadlines, modack.AckDeadline)
			}
			out = append(out, message{m.ID, m.Topic, m.Data, m.Attributes, m.OrderingKey,
				m.PublishTime, m.Deliveries, m.Acks, deadlines})
		}
		writeJSON(w, out)
	})
	return mux
}

func writeJSON(w http.ResponseWriter, value any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(value)
}

// newServer is pstest.NewServerWithAddress with its listen panic turned into an error.
func newServer(address string, opts []pstest.ServerReactorOption) (srv *pstest.Server, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	return pstest.NewServerWithAddress(address, opts...), nil
}

func main() {
	port := flag.Int("port", 0, "gRPC port on 127.0.0.1 (0: a free port)")
	controlPort := flag.Int("control-port", 0, "control HTTP port on 127.0.0.1 (0: a free port)")
	exitWithStdin := flag.Bool("exit-with-stdin", false, "also stop when stdin closes")
	flag.Parse()
	log.SetPrefix("pubsub-fake: ")
	log.SetFlags(0)

	fs := &faults{}
	opts := make([]pstest.ServerReactorOption, 0, len(faultMethods))
	for _, method := range faultMethods {
		opts = append(opts, pstest.ServerReactorOption{FuncName: method, Reactor: reactor{fs, method}})
	}
	srv, err := newServer(net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)), opts)
	if err != nil {
		log.Fatal(err)
	}
	control, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(*controlPort)))
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		err := http.Serve(control, controlHandler(srv, fs))
		if !errors.Is(err, net.ErrClosed) {
			log.Fatal(err)
		}
	}()
	if err := json.NewEncoder(os.Stdout).Encode(map[string]string{
		"grpc": srv.Addr, "control": control.Addr().String(),
	}); err != nil {
		log.Fatal(err)
	}

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	if *exitWithStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop <- syscall.SIGTERM
		}()
	}
	<-stop
	_ = control.Close()
	_ = srv.Close()
}
