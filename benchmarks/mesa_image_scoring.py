"""Nowak & Sigmund's (1998) image-scoring model written the Mesa 3 way, for the benchmark.

Run by ``benchmarks/image_scoring.py`` inside a separate virtual environment that has Mesa
(``benchmarks/requirements-mesa.txt``); it prints one JSON line of timings. The rules are
those of ``creditlab.models.image_scoring.ImageScoringGame``: scores in [-5, 5], strategies
k = -5..6, payoff offset c for donor and recipient, payoff-proportional reproduction,
public scores known with probability q or private tallies kept by about ``observers``
bystanders per act (and the recipient). The code is written as a Mesa user would write it
(agents as objects, the model drawing partners with its own random generator), with the
obvious savings taken: the agent list is built once per generation.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path

import mesa

B = 5
K_VALUES = list(range(-5, 7))


class ImageAgent(mesa.Agent):
    def __init__(self, model, k):
        super().__init__(model)
        self.k = k
        self.score = 0
        self.payoff = 0.0
        self.tally = {}

    def view_of(self, other, knows):
        if self.model.private:
            return self.tally.get(other.unique_id, 0)
        return other.score if knows else 0

    def donate(self, recipient, knows):
        model = self.model
        helps = self.view_of(recipient, knows) >= self.k
        self.payoff += model.offset - (model.c if helps else 0.0)
        recipient.payoff += model.offset + (model.b if helps else 0.0)
        self.score = min(B, self.score + 1) if helps else max(-B, self.score - 1)
        return helps


class ImageScoringModel(mesa.Model):
    def __init__(self, n=100, rounds=1000, b=1.0, c=0.1, q=1.0, private=False, observers=10.0, seed=0):
        super().__init__(rng=seed)
        self.n, self.rounds, self.b, self.c, self.offset, self.q = n, rounds, b, c, c, q
        self.private, self.p_see = private, observers / (n - 2)
        ImageAgent.create_agents(self, n, [self.random.choice(K_VALUES) for _ in range(n)])
        self.helps = 0

    def step(self):
        """One generation: m encounters, then payoff-proportional reproduction."""
        agents = list(self.agents)
        rand = self.random
        for a in agents:
            a.score, a.payoff, a.tally = 0, 0.0, {}
        helps = 0
        for _ in range(self.rounds):
            donor, recipient = rand.sample(agents, 2)
            # As in creditlab's public scores: a random number only where knowing is
            # uncertain (0 < q < 1). (The private tallies never use it.)
            knows = self.q >= 1 or (self.q > 0 and rand.random() < self.q)
            h = donor.donate(recipient, knows)
            helps += h
            if self.private:
                seen = self.rng.binomial(self.n - 2, self.p_see)
                watchers = [a for a in rand.sample(agents, min(self.n, seen + 2)) if a is not donor and a is not recipient][:seen]
                watchers.append(recipient)
                step = 1 if h else -1
                uid = donor.unique_id
                for w in watchers:
                    w.tally[uid] = max(-B, min(B, w.tally.get(uid, 0) + step))
        self.helps = helps
        parents = rand.choices(agents, weights=[a.payoff for a in agents], k=self.n)
        ks = [p.k if rand.random() >= 0.001 else rand.choice(K_VALUES) for p in parents]
        for a in agents:
            a.remove()
        ImageAgent.create_agents(self, self.n, ks)


def keep_freed_memory() -> None:
    """The malloc settings creditlab's vectorised code makes, made here too so that neither side
    of the comparison gains from them: ``creditlab/_memory.py``, loaded from its file (this
    environment has Mesa, not creditlab)."""
    path = Path(__file__).resolve().parents[1] / "creditlab" / "_memory.py"
    spec = importlib.util.spec_from_file_location("creditlab_memory", path)
    memory = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(memory)
    memory.keep_freed_memory()


def main() -> None:
    keep_freed_memory()
    spec = json.loads(sys.argv[1])
    populations, n, rounds = spec["populations"], spec["n"], spec["rounds"]
    private = spec.get("private", False)
    t0 = time.perf_counter()
    models = [ImageScoringModel(n=n, rounds=rounds, private=private, q=spec.get("q", 1.0), seed=i) for i in range(populations)]
    t1, c1, e1 = time.perf_counter(), time.process_time(), time.time()
    for m in models:
        m.step()
    t2, c2, e2 = time.perf_counter(), time.process_time(), time.time()
    # The wall-clock times of the generation let the benchmark time the vectorised code on
    # the other core during exactly this window (side by side, on the machine as it is then).
    print(json.dumps({"setup_s": t1 - t0, "generation_s": t2 - t1, "generation_cpu_s": c2 - c1,
                      "generation_from": e1, "generation_to": e2, "mesa": mesa.__version__}))


if __name__ == "__main__":
    main()
