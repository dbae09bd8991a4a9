"""Learning-rate schedules previewed before any training: each scheduler's ``preview`` runs on
a copy, so nothing moves. Step decay, exponential decay, cosine annealing, warm-up then cosine,
one-cycle and cyclic, over the same number of steps, on one plot.

    python examples/schedules.py [--out DIR] [--quick]
"""

from _common import parse_args, wrote

import neuralgrad as ng
from neuralgrad.optim import SGD
from neuralgrad.optim import lr_scheduler as sched
from neuralgrad.plot import plot_lr_schedule


def schedules(steps: int) -> dict:
    """One scheduler per entry, each with its own optimizer (a schedule owns its optimizer's
    lr), all starting from lr 0.1."""

    def opt() -> SGD:
        return SGD([ng.zeros(1, requires_grad=True)], lr=0.1)

    warm = opt()
    return {
        f"StepLR(step {steps // 4}, ×0.5)": sched.StepLR(opt(), step_size=steps // 4, gamma=0.5),
        "ExponentialLR(0.97)": sched.ExponentialLR(opt(), gamma=0.97),
        "CosineAnnealingLR": sched.CosineAnnealingLR(opt(), T_max=steps),
        "warm-up, then cosine": sched.SequentialLR(
            warm,
            [
                sched.LinearLR(warm, start_factor=0.1, total_iters=steps // 10),
                sched.CosineAnnealingLR(warm, T_max=steps - steps // 10),
            ],
            milestones=[steps // 10],
        ),
        "OneCycleLR": sched.OneCycleLR(opt(), max_lr=0.1, total_steps=steps),
        "CyclicLR": sched.CyclicLR(opt(), base_lr=0.01, max_lr=0.1, step_size_up=steps // 6),
    }


def main() -> None:
    args = parse_args("schedules", __doc__.splitlines()[0])
    steps = 60 if args.quick else 120
    all_schedules = schedules(steps)
    for name, s in all_schedules.items():
        lrs = s.preview(steps)
        print(
            f"{name:22s}: lr {lrs[0]:.4f} -> min {min(lrs):.4f}, max {max(lrs):.4f}, "
            f"last {lrs[-1]:.4f}"
        )
    plot_lr_schedule(
        all_schedules,
        steps,
        title=f"learning-rate schedules over {steps} steps",
        path=f"{args.out}/schedules.png",
    )
    wrote(args.out, "schedules.png")


if __name__ == "__main__":
    main()
