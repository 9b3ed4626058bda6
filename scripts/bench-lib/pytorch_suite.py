#!/usr/bin/python3
"""PyTorch side of zoolab's benchmark suite (scripts/bench-pytorch).

The same models, batches, threads and protocol as org.zoolab.bench.BenchMain: warm-up, then several timed
repetitions of at least S seconds on uniform random inputs; median and spread of images/second; peak RSS.
Architectures are written here to match zoolab's exactly (LeNet-5 tanh/avg-pool, the paper's two-tower AlexNet
with groups=2, ResNet v1 with the stride on the first 1x1, CIFAR ResNet-20 with option-A shortcuts); VGG-16 is
torchvision's vgg16 (identical to VGG's column D). The VAE and the DCGAN are zoolab's `vae` and `dcgan`
(zoo-configs/vae.yaml, gan.yaml) and their steps are those of org.zoolab.generative.Vae and Gan. The pipeline is
torchvision's ImageFolder + transforms over the same photo folder, with as many DataLoader workers as zoolab has
decode threads.
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


class Vae(nn.Module):
    """Kingma & Welling's MNIST VAE as zoolab's `vae`: 784-500(tanh)-2x20 encoder, 20-500(tanh)-784 Bernoulli logits
    decoder, weights N(0, 0.01)."""

    def __init__(self, latent=20, hidden=500, pixels=784):
        super().__init__()
        self.latent = latent
        self.enc1, self.q = nn.Linear(pixels, hidden), nn.Linear(hidden, 2 * latent)
        self.dec1, self.logits = nn.Linear(latent, hidden), nn.Linear(hidden, pixels)
        for p in self.parameters():
            nn.init.normal_(p, 0.0, 0.01)


class DcganGenerator(nn.Module):
    """zoolab's `dcgan` G: 100 -> fc 6272 (no bias) + BN + ReLU -> 128x7x7 -> deconv 4/2 pad 1 64 (no bias) + BN
    + ReLU -> deconv 4/2 pad 1 1 -> tanh."""

    def __init__(self, noise=100):
        super().__init__()
        self.fc, self.bn0 = nn.Linear(noise, 128 * 7 * 7, bias=False), nn.BatchNorm1d(128 * 7 * 7)
        self.deconv1, self.bn1 = nn.ConvTranspose2d(128, 64, 4, 2, 1, bias=False), nn.BatchNorm2d(64)
        self.deconv2 = nn.ConvTranspose2d(64, 1, 4, 2, 1)

    def forward(self, z):
        x = F.relu(self.bn0(self.fc(z))).view(-1, 128, 7, 7)
        return torch.tanh(self.deconv2(F.relu(self.bn1(self.deconv1(x)))))


class DcganDiscriminator(nn.Module):
    """zoolab's `dcgan` D: conv 4/2 pad 1 64 + LeakyReLU 0.2 -> conv 4/2 pad 1 128 (no bias) + BN + LeakyReLU 0.2
    -> fc 1 (a logit)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 64, 4, 2, 1)
        self.conv2, self.bn2 = nn.Conv2d(64, 128, 4, 2, 1, bias=False), nn.BatchNorm2d(128)
        self.fc = nn.Linear(128 * 7 * 7, 1)

    def forward(self, x):
        x = F.leaky_relu(self.conv1(x), 0.2)
        x = F.leaky_relu(self.bn2(self.conv2(x)), 0.2)
        return self.fc(x.flatten(1))


def vae_step(batch):
    """org.zoolab.generative.Vae.trainStep: one reparameterised sample, loss mean(KL - log p(x|z)), Adam 1e-3 on
    each half."""
    torch.manual_seed(1234)
    m = Vae()
    x = torch.rand(batch, 1, 28, 28)
    target = x.flatten(1)
    opt_enc = torch.optim.Adam(list(m.enc1.parameters()) + list(m.q.parameters()), lr=1e-3)
    opt_dec = torch.optim.Adam(list(m.dec1.parameters()) + list(m.logits.parameters()), lr=1e-3)

    def step():
        opt_enc.zero_grad(set_to_none=True)
        opt_dec.zero_grad(set_to_none=True)
        q = m.q(torch.tanh(m.enc1(x.flatten(1))))
        mu, log_var = q[:, :m.latent], q[:, m.latent:]
        z = mu + torch.exp(0.5 * log_var) * torch.randn(batch, m.latent)
        logits = m.logits(torch.tanh(m.dec1(z)))
        reconstruction = F.binary_cross_entropy_with_logits(logits, target, reduction="sum") / batch
        kl = 0.5 * (mu * mu + log_var.exp() - 1 - log_var).sum() / batch
        loss = reconstruction + kl
        loss.backward()
        if not torch.isfinite(loss).item():
            raise RuntimeError("VAE loss is not finite")
        opt_enc.step()
        opt_dec.step()
    return step


def dcgan_step(batch):
    """org.zoolab.generative.Gan: a D step (reals and fakes through D separately, gradients added, G run without
    gradients) then a G step with the non-saturating loss; Adam 2e-4, beta1 0.5, for each net."""
    torch.manual_seed(1234)
    g, d = DcganGenerator(), DcganDiscriminator()
    g.train()
    d.train()
    real = torch.rand(batch, 1, 28, 28) * 2 - 1
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))

    def step():
        opt_d.zero_grad(set_to_none=True)
        loss_real = F.softplus(-d(real)).mean()
        loss_real.backward()
        with torch.no_grad():
            fake = g(torch.randn(batch, 100))
        loss_fake = F.softplus(d(fake)).mean()
        loss_fake.backward()
        if not torch.isfinite(loss_real + loss_fake).item():
            raise RuntimeError("discriminator loss is not finite")
        opt_d.step()
        opt_g.zero_grad(set_to_none=True)
        loss_g = F.softplus(-d(g(torch.randn(batch, 100)))).mean()
        loss_g.backward()
        if not torch.isfinite(loss_g).item():
            raise RuntimeError("generator loss is not finite")
        opt_g.step()
    return step


def pipeline_step(batch, photos, workers):
    """The 256 -> 224 training chain with torchvision: PIL decode, Resize(256) (antialiased bilinear), RandomCrop(224),
    RandomHorizontalFlip, ToTensor + Normalize to zoolab's values (0..255 minus the channel mean); shuffled epochs
    one after the other, full batches only, `workers` DataLoader processes with 2 batches each in flight (zoolab:
    as many decode threads, 4 batches in flight)."""
    import os
    from torch.utils.data import DataLoader
    from torchvision import datasets, transforms
    if not os.path.isdir(photos):
        raise RuntimeError(f"no photo folder {photos} (scripts/bench prepares it)")
    mean = [123.68, 116.78, 103.94]
    tf = transforms.Compose([transforms.Resize(256), transforms.RandomCrop(224), transforms.RandomHorizontalFlip(),
                             transforms.ToTensor(),
                             transforms.Normalize([v / 255 for v in mean], [1 / 255] * 3)])
    loader = DataLoader(datasets.ImageFolder(photos, tf), batch_size=batch, shuffle=True, num_workers=workers,
                        drop_last=True, persistent_workers=True, prefetch_factor=2)
    state = {"it": iter(loader)}

    def step():
        try:
            next(state["it"])
        except StopIteration:
            state["it"] = iter(loader)
            next(state["it"])

    def close():  # the persistent workers stop with the last reference to their iterator
        state.clear()
        loader._iterator = None
    step.close = close
    return step


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
    "vae/train/b128": (None, (1, 28, 28), None, 128, "vae"),
    "dcgan/step/b64": (None, (1, 28, 28), None, 64, "dcgan"),
    "pipeline/256-224/b128": (None, (3, 224, 224), None, 128, "pipeline"),
}


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def model_step(factory, shape, classes, batch, mode):
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
    return step


def measure(case_id, reps, seconds, warmup, photos, workers):
    factory, shape, classes, batch, mode = CASES[case_id]
    if mode == "vae":
        step = vae_step(batch)
    elif mode == "dcgan":
        step = dcgan_step(batch)
    elif mode == "pipeline":
        step = pipeline_step(batch, photos, workers)
    else:
        step = model_step(factory, shape, classes, batch, mode)
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
    if hasattr(step, "close"):
        step.close()
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
    ap.add_argument("--photos", default="/tmp/zoolab-bench-photos")
    ap.add_argument("--decode-threads", type=int, default=None, help="DataLoader workers (default: --threads)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    ids = list(CASES) if not a.only else [i for i in a.only.split(",") if i in CASES]
    results = []
    for case_id in ids:
        try:
            r = measure(case_id, a.repetitions, a.seconds, a.warmup, a.photos, a.decode_threads or a.threads)
        except Exception as e:  # reported like zoolab's skipped workloads, the others still run
            print(f"{case_id}: skipped: {e}", file=sys.stderr)
            results.append({"id": case_id, "skipped": str(e)})
            continue
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
