#!/usr/bin/python3
"""PyTorch side of zoolab's benchmark suite (scripts/bench-pytorch).

The same models, batches, threads and protocol as org.zoolab.bench.BenchMain: warm-up, then several timed
repetitions of at least S seconds on uniform random inputs; median and spread of images/second; peak RSS.
Architectures are written here to match zoolab's exactly (LeNet-5 tanh/avg-pool, the paper's two-tower AlexNet
with groups=2, ResNet v1 with the stride on the first 1x1, CIFAR ResNet-20 with option-A shortcuts); VGG-16 is
torchvision's vgg16 (identical to VGG's column D).
"""
import argparse
import json
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, 5)
        self.c3 = nn.Conv2d(6, 16, 5)
        self.c5 = nn.Conv2d(16, 120, 5)
        self.f6 = nn.Linear(120, 84)
        self.out = nn.Linear(84, 10)

    def forward(self, x):
        x = F.avg_pool2d(torch.tanh(self.c1(x)), 2)
        x = F.avg_pool2d(torch.tanh(self.c3(x)), 2)
        x = torch.tanh(self.c5(x)).flatten(1)
        return self.out(torch.tanh(self.f6(x)))


class AlexNet2012(nn.Module):
    """Krizhevsky 2012 with the two GPU towers as groups=2 (conv2, conv4, conv5), LRN after conv1/conv2, 227 input."""

    def __init__(self, classes=1000):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 96, 11, stride=4), nn.ReLU(inplace=True),
            nn.LocalResponseNorm(5, alpha=5e-4, beta=0.75, k=2.0), nn.MaxPool2d(3, 2),
            nn.Conv2d(96, 256, 5, padding=2, groups=2), nn.ReLU(inplace=True),
            nn.LocalResponseNorm(5, alpha=5e-4, beta=0.75, k=2.0), nn.MaxPool2d(3, 2),
            nn.Conv2d(256, 384, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(384, 384, 3, padding=1, groups=2), nn.ReLU(inplace=True),
            nn.Conv2d(384, 256, 3, padding=1, groups=2), nn.ReLU(inplace=True),
            nn.MaxPool2d(3, 2))
        self.classifier = nn.Sequential(
            nn.Dropout(0.5), nn.Linear(256 * 6 * 6, 4096), nn.ReLU(inplace=True),
            nn.Dropout(0.5), nn.Linear(4096, 4096), nn.ReLU(inplace=True), nn.Linear(4096, classes))

    def forward(self, x):
        return self.classifier(self.features(x).flatten(1))


class CifarBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.pad = cout - cin
        self.stride = stride

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        sc = x
        if self.stride != 1 or self.pad:
            sc = F.pad(x[:, :, ::self.stride, ::self.stride], (0, 0, 0, 0, 0, self.pad))
        return F.relu(out + sc)


class CifarResNet(nn.Module):
    def __init__(self, n=3, classes=10):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.bn = nn.BatchNorm2d(16)
        layers, cin = [], 16
        for i, width in enumerate((16, 32, 64)):
            for j in range(n):
                layers.append(CifarBlock(cin, width, 2 if (i > 0 and j == 0) else 1))
                cin = width
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        x = self.layers(F.relu(self.bn(self.conv(x))))
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))


def resnet50_v1():
    """torchvision's ResNet-50 with the stride moved to the first 1x1 of each bottleneck (He 2015, v1)."""
    m = torchvision.models.resnet50()
    for layer in (m.layer2, m.layer3, m.layer4):
        block = layer[0]
        block.conv1.stride = (2, 2)
        block.conv2.stride = (1, 1)
    return m


CASES = {
    # id: (model factory, input shape C,H,W, classes, batch, mode)
    "lenet5/train/b64": (LeNet5, (1, 32, 32), 10, 64, "train"),
    "resnet-20/train/b64": (CifarResNet, (3, 32, 32), 10, 64, "train"),
    "alexnet/forward/b16": (AlexNet2012, (3, 227, 227), 1000, 16, "forward"),
    "alexnet/train/b16": (AlexNet2012, (3, 227, 227), 1000, 16, "train"),
    "resnet-50/forward/b8": (resnet50_v1, (3, 224, 224), 1000, 8, "forward"),
    "resnet-50/train/b8": (resnet50_v1, (3, 224, 224), 1000, 8, "train"),
    "vgg-d/forward/b4": (torchvision.models.vgg16, (3, 224, 224), 1000, 4, "forward"),
}


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def measure(case_id, reps, seconds, warmup):
    factory, shape, classes, batch, mode = CASES[case_id]
    torch.manual_seed(1234)
    model = factory()
    x = torch.rand(batch, *shape)
    y = torch.tensor([(i * 7) % classes for i in range(batch)])
    if mode == "forward":
        model.eval()

        def step():
            with torch.no_grad():
                model(x)
    else:
        model.train()
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

        def step():
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
    end, n = time.perf_counter() + warmup, 0
    while n < 2 or time.perf_counter() < end:
        step()
        n += 1
    rates = []
    for _ in range(reps):
        start = time.perf_counter()
        stop, steps = start + seconds, 0
        while True:
            step()
            steps += 1
            now = time.perf_counter()
            if now >= stop:
                break
        rates.append(steps * batch / (now - start))
    s = sorted(rates)
    return {"id": case_id, "imagesPerSecond": statistics.median(s), "minImagesPerSecond": s[0],
            "maxImagesPerSecond": s[-1], "repetitions": rates, "peakRssMiB": peak_rss_mib()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default=None)
    ap.add_argument("--repetitions", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=3)
    ap.add_argument("--warmup", type=float, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    ids = list(CASES) if not a.only else [i for i in a.only.split(",") if i in CASES]
    results = []
    for case_id in ids:
        r = measure(case_id, a.repetitions, a.seconds, a.warmup)
        print(f"{case_id}: {r['imagesPerSecond']:.2f} img/s (min {r['minImagesPerSecond']:.2f}, "
              f"max {r['maxImagesPerSecond']:.2f})", file=sys.stderr)
        results.append(r)
    report = {"tool": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(),
              "mkldnn": torch.backends.mkldnn.is_available(), "blas": torch.__config__.show().split("BLAS_INFO=")[-1].split(",")[0],
              "results": results}
    text = json.dumps(report, indent=2)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    else:
        print(text)


if __name__ == "__main__":
    main()
