#!/usr/bin/env python3
# One Copilot CLI process with several ACP sessions: start + initialize time, session/new time, and the RSS of the
# process tree after each session's first prompt (docs/architecture.md, "One process per active session, measured").
# Runs offline against a built-in fake Anthropic Messages server. Usage: python3 measure_copilot.py [path/to/copilot]
import json, sys, threading, time, os, subprocess
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import io
LOG = io.StringIO()
SCRIPT = []  # list of ("text", [deltas]) or ("tool", name, input) or ("slow",[deltas],delay)
lock = threading.Lock()
class H(BaseHTTPRequestHandler):
    protocol_version='HTTP/1.1'
    def log_message(self,*a): pass
    def do_GET(self):
        LOG.write(json.dumps({"method":"GET","path":self.path})+"\n"); LOG.flush()
        if self.path.startswith('/v1/models') or self.path.startswith('/models'):
            body=json.dumps({"data":[{"id":"claude-fake","type":"model","display_name":"Claude Fake"}],"has_more":False}).encode()
            self.send_response(200); self.send_header('content-type','application/json'); self.send_header('content-length',str(len(body))); self.end_headers(); self.wfile.write(body); return
        self.send_response(404); self.send_header('content-length','0'); self.end_headers()
    def do_POST(self):
        n=int(self.headers.get('content-length','0')); raw=self.rfile.read(n)
        try: body=json.loads(raw)
        except Exception: body=None
        LOG.write(json.dumps({"path":self.path,"body":body})+"\n"); LOG.flush()
        if not body or not body.get('stream'):
            out=json.dumps({"id":"msg_x","type":"message","role":"assistant","model":"claude-fake","content":[{"type":"text","text":"OK"}],"stop_reason":"end_turn","stop_sequence":None,"usage":{"input_tokens":10,"output_tokens":4}}).encode()
            self.send_response(200); self.send_header('content-type','application/json'); self.send_header('content-length',str(len(out))); self.end_headers(); self.wfile.write(out); return
        with lock:
            item = SCRIPT.pop(0) if SCRIPT else ("text",["Hello"," from"," fake."])
        self.send_response(200); self.send_header('content-type','text/event-stream'); self.send_header('cache-control','no-cache'); self.send_header('connection','close'); self.end_headers()
        def ev(t,d):
            d=dict(d); d['type']=t
            self.wfile.write(f"event: {t}\ndata: {json.dumps(d)}\n\n".encode()); self.wfile.flush()
        ev("message_start",{"message":{"id":"msg_1","type":"message","role":"assistant","model":body.get('model','x'),"content":[],"stop_reason":None,"stop_sequence":None,"usage":{"input_tokens":10,"output_tokens":1}}})
        if item[0] in ("text","slow"):
            ev("content_block_start",{"index":0,"content_block":{"type":"text","text":""}})
            for d in item[1]:
                ev("content_block_delta",{"index":0,"delta":{"type":"text_delta","text":d}})
                if item[0]=="slow": time.sleep(item[2])
            ev("content_block_stop",{"index":0}); stop="end_turn"
        else:
            ev("content_block_start",{"index":0,"content_block":{"type":"tool_use","id":"toolu_1"+str(time.time()).replace('.',''),"name":item[1],"input":{}}})
            ev("content_block_delta",{"index":0,"delta":{"type":"input_json_delta","partial_json":json.dumps(item[2])}})
            ev("content_block_stop",{"index":0}); stop="tool_use"
        ev("message_delta",{"delta":{"stop_reason":stop,"stop_sequence":None},"usage":{"output_tokens":4}})
        ev("message_stop",{})
        self.close_connection=True
def run(port, script):
    SCRIPT.extend(script)
    s=ThreadingHTTPServer(('127.0.0.1',port),H); threading.Thread(target=s.serve_forever,daemon=True).start(); return s

# --- measurement ---
port=int(os.environ.get('FAKE_PORT','18950')); run(port, [])
import tempfile
home=tempfile.mkdtemp(prefix='copilot-home-'); cwd=tempfile.mkdtemp(prefix='copilot-work-')
COPILOT=sys.argv[1] if len(sys.argv)>1 else os.path.join(os.path.dirname(__file__),'..','..','.tools','node_modules','.bin','copilot')
env={k:v for k,v in os.environ.items() if k in('PATH','LANG','TERM')}
env.update(HOME=home,COPILOT_OFFLINE='true',COPILOT_PROVIDER_TYPE='anthropic',COPILOT_PROVIDER_BASE_URL=f'http://127.0.0.1:{port}',COPILOT_PROVIDER_API_KEY='fake',COPILOT_MODEL='claude-sonnet-4.5')
def rss(pid):
    # whole process tree
    total=0
    for p in [pid]+[int(x) for x in subprocess.run(['pgrep','-P',str(pid)],capture_output=True,text=True).stdout.split()]:
        try: total+=int(open(f'/proc/{p}/status').read().split('VmRSS:')[1].split()[0])
        except Exception: pass
    return total//1024
class Agent:
    def __init__(s):
        s.t0=time.time(); s.p=subprocess.Popen([COPILOT,'--acp','--stdio'],stdin=subprocess.PIPE,stdout=subprocess.PIPE,stderr=subprocess.DEVNULL,env=env,cwd=cwd)
        s.ans={}; s.n=0; threading.Thread(target=s.read,daemon=True).start()
    def read(s):
        for l in s.p.stdout:
            m=json.loads(l)
            if 'id' in m and 'method' not in m: s.ans[m['id']]=m
    def call(s,method,params):
        s.n+=1; i=s.n; s.p.stdin.write((json.dumps({"jsonrpc":"2.0","id":i,"method":method,"params":params})+"\n").encode()); s.p.stdin.flush()
        while i not in s.ans: time.sleep(0.01)
        return s.ans[i]
results=[]
for run in range(2):
    t=time.time(); a=Agent(); a.call('initialize',{"protocolVersion":1,"clientCapabilities":{}}); start=time.time()-t
    t=time.time(); sid=a.call('session/new',{"cwd":cwd,"mcpServers":[]})['result']['sessionId']; new=time.time()-t
    a.call('session/prompt',{"sessionId":sid,"prompt":[{"type":"text","text":"hi"}]})
    r1=rss(a.p.pid)
    extra=[]
    for k in range(3):
        t=time.time(); s2=a.call('session/new',{"cwd":cwd,"mcpServers":[]})['result']['sessionId']; nt=time.time()-t
        a.call('session/prompt',{"sessionId":s2,"prompt":[{"type":"text","text":"hi"}]}); extra.append((round(nt,2),rss(a.p.pid)))
    print(f"run {run}: start+initialize {start:.2f}s, session/new {new:.2f}s, RSS after 1 session+prompt {r1} MB, further sessions (new s, RSS MB) {extra}")
    a.p.stdin.close(); a.p.wait(10)
